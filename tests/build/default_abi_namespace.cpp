// The default ABI namespace carries the version: genauth::v<major>_<minor>_<patch>.
#include <genauth/genauth.hpp>

#include <string>
#include <typeinfo>

int main() {
  std::string const expected = "v" + std::to_string(GENAUTH_VERSION_MAJOR) + "_" +
                               std::to_string(GENAUTH_VERSION_MINOR) + "_" + std::to_string(GENAUTH_VERSION_PATCH);
  return std::string(typeid(genauth::error).name()).find(expected) != std::string::npos ? 0 : 1;
}
