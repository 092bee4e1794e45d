#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <locale>

// GENAUTH_TEST_LOCALE runs the whole suite under that process locale (C and C++), so nothing
// the SDK writes may depend on it.
int main(int argc, char** argv) {
  if (char const* name = std::getenv("GENAUTH_TEST_LOCALE")) {
    if (std::setlocale(LC_ALL, name) == nullptr) {
      std::fprintf(stderr, "locale %s is not installed\n", name);
      return 2;
    }
    std::locale::global(std::locale(name));
  }
  return doctest::Context(argc, argv).run();
}
