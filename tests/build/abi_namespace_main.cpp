#include <cstdio>
#include <string>

std::string sign_in_abi_one(std::string& type_name);
std::string sign_in_abi_two(std::string& type_name);

int main() {
  std::string const expected = "GenAuth 6380a1d2c4e5f60718293a4b:JfFYmyjHYZmfvHknnHjZUoiF8E4=";  // vector S02
  std::string one_type, two_type;
  std::string const one = sign_in_abi_one(one_type);
  std::string const two = sign_in_abi_two(two_type);
  bool const pass = one == expected && two == expected && one_type.find("abi_one") != std::string::npos &&
                    two_type.find("abi_two") != std::string::npos;
  std::printf("%s\n%s\n%s\n%s\n", one.c_str(), two.c_str(), one_type.c_str(), two_type.c_str());
  return pass ? 0 : 1;
}
