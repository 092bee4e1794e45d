#pragma once

#include <genauth_emulator/server.hpp>

/// Emulator options for tests: its log goes nowhere.
inline genauth_emulator::options quiet() {
  genauth_emulator::options o;
  o.log = [](std::string_view) {};
  return o;
}
