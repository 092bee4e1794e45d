// genauth-emulator: the local GenAuth MFA service as a program. Runs until SIGINT or SIGTERM.

#include <genauth_emulator/server.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <pthread.h>

namespace {

constexpr char const* usage = R"(usage: genauth-emulator [options]
  --bind ADDRESS     address to listen on (default 127.0.0.1)
  --port N           port to listen on (default 0: an ephemeral port)
  --seed FILE        users, apps and access keys as JSON (default: built-in, printed on start)
  --threads N        server threads (default 2)
  --fault SPEC       inject a fault: PATH=KIND[:ARG][*TIMES], KIND one of html-502,
                     truncated-body, delay (ARG ms), throttled-429 / unavailable-503
                     (ARG Retry-After seconds), connection-reset; repeatable
  --quirk PATH=KIND  answer an endpoint served from its declaration (PATH, or * for all)
                     with KIND: strings-for-booleans, object-for-array, text-for-array;
                     repeatable
  --port-file FILE   write the port there once listening (for scripts)
  --admin-token-file FILE
                     turn on the admin endpoints, for requests carrying the token
                     in FILE (its first line) in x-emulator-admin-token; the
                     variable GENAUTH_EMULATOR_ADMIN_TOKEN does the same (off
                     without either; never on the command line, which every
                     local user can read)
  --tls-cert FILE    serve HTTPS with this PEM certificate chain (with --tls-key)
  --tls-key FILE     the PEM private key of --tls-cert
  --help             this text
With an admin token, faults can also be injected while running: POST the SPEC to
/__emulator/faults, DELETE /__emulator/faults clears them (at most 64 held at once).
POST /__emulator/rotate-keys rotates the token keys (prints the new key id); POST a JSON
object of claims to /__emulator/tokens?alg=RS256 (or ES256) for a token signed with them.
The keys are published at /oidc/.well-known/jwks.json.
)";

int fail(std::string const& why) {
  std::cerr << "genauth-emulator: " << why << "\n" << usage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  genauth_emulator::options options;
  if (char const* token = std::getenv("GENAUTH_EMULATOR_ADMIN_TOKEN"); token != nullptr && *token != '\0')
    options.admin_token = token;
  genauth_emulator::seed seed = genauth_emulator::default_seed();
  std::vector<genauth_emulator::fault> faults;
  std::string port_file;
  std::vector<std::string> const args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string const& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << usage;
      return 0;
    }
    if (i + 1 >= args.size()) return fail("unknown option or missing value: " + a);
    std::string const& value = args[++i];
    char* end = nullptr;
    if (a == "--bind") {
      options.address = value;
    } else if (a == "--port") {
      unsigned long const port = std::strtoul(value.c_str(), &end, 10);
      if (*end != '\0' || port > 65535 || value.empty()) return fail("--port takes 0 to 65535");
      options.port = static_cast<std::uint16_t>(port);
    } else if (a == "--threads") {
      unsigned long const n = std::strtoul(value.c_str(), &end, 10);
      if (*end != '\0' || n < 1 || n > 64) return fail("--threads takes 1 to 64");
      options.threads = static_cast<unsigned>(n);
    } else if (a == "--seed") {
      std::ifstream in(value, std::ios::binary);
      if (!in) return fail("cannot read the seed file " + value);
      std::stringstream text;
      text << in.rdbuf();
      auto parsed = genauth_emulator::parse_seed(text.str());
      if (auto const* why = std::get_if<std::string>(&parsed)) return fail(value + ": " + *why);
      seed = std::get<genauth_emulator::seed>(std::move(parsed));
    } else if (a == "--fault") {
      auto f = genauth_emulator::parse_fault(value);
      if (auto const* why = std::get_if<std::string>(&f)) return fail(*why);
      faults.push_back(std::get<genauth_emulator::fault>(f));
    } else if (a == "--quirk") {
      auto q = genauth_emulator::parse_quirk(value);
      if (auto const* why = std::get_if<std::string>(&q)) return fail(*why);
      options.quirks.insert_or_assign(std::get<0>(q).first, std::get<0>(q).second);
    } else if (a == "--port-file") {
      port_file = value;
    } else if (a == "--admin-token") {
      return fail("--admin-token is gone: a command line is visible to every local user; use --admin-token-file "
                  "or GENAUTH_EMULATOR_ADMIN_TOKEN");
    } else if (a == "--admin-token-file") {
      std::ifstream in(value);
      if (!in || !std::getline(in, options.admin_token)) return fail("cannot read the admin token from " + value);
      while (!options.admin_token.empty() && (options.admin_token.back() == '\r' || options.admin_token.back() == ' '))
        options.admin_token.pop_back();
      if (options.admin_token.empty()) return fail(value + " holds no admin token on its first line");
    } else if (a == "--tls-cert") {
      options.tls_certificate_file = value;
    } else if (a == "--tls-key") {
      options.tls_key_file = value;
    } else {
      return fail("unknown option " + a);
    }
  }

  // The server's threads inherit this mask; the signals are taken by sigwait below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (options.tls_certificate_file.empty() != options.tls_key_file.empty())
    return fail("--tls-cert and --tls-key go together");
  std::string const description = genauth_emulator::describe(seed);
  try {
    genauth_emulator::server server(options, std::move(seed));
    for (auto& f : faults) server.inject(std::move(f));
    std::cout << "genauth-emulator listening on " << server.url() << "\n" << description << std::flush;
    if (!port_file.empty()) {
      std::ofstream out(port_file + ".tmp");
      out << server.port() << "\n";
      out.close();
      std::rename((port_file + ".tmp").c_str(), port_file.c_str());
    }
    int received = 0;
    sigwait(&signals, &received);
    std::cout << "genauth-emulator: stopping\n";
    server.stop();
  } catch (std::exception const& e) {
    std::cerr << "genauth-emulator: cannot listen on " << options.address << ":" << options.port << ": " << e.what()
              << "\n";
    return 1;
  }
  return 0;
}
