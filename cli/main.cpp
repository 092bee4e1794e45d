// genauth-mfa: every MFA endpoint of both clients as a subcommand, a TOTP code computed offline,
// and a token verified against a key set. A subcommand's flags are its request's members
// (--user-id for userId); the request is read by the SDK's codec and sent through the libcurl
// transport. JSON on stdout, typed errors on stderr, one exit code per kind.

#include "terminal_qr.hpp"

#include <genauth/authentication.hpp>
#include <genauth/management.hpp>
#include <genauth/jwt.hpp>
#include <genauth/jwt/key_cache.hpp>
#include <genauth/jwt/openssl.hpp>
#include <genauth/transport/curl.hpp>

#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace genauth;

constexpr int exit_usage = 2;

int exit_code(error_kind k) {
  switch (k) {
    case error_kind::none: return 0;
    case error_kind::invalid_argument: return 3;
    case error_kind::transport: return 4;
    case error_kind::http: return 5;
    case error_kind::api: return 6;
    case error_kind::decode: return 7;
    case error_kind::system: return 8;
    case error_kind::cancelled: return 9;
    case error_kind::token: return 10;
  }
  return 1;
}

std::string env(char const* name) {
  char const* v = std::getenv(name);
  return v ? v : "";
}

/// Flags that apply to every subcommand.
struct settings {
  std::string host = env("GENAUTH_HOST");
  std::string ca_file = env("GENAUTH_CA_FILE");
  std::vector<std::string> fields;  ///< print these members of the result, one a line, instead of its JSON
  bool allow_http = false;
  bool qr = false;
  bool authing = env("GENAUTH_BRAND") == "authing";
};

/// `userIdType` → `--user-id-type`
std::string flag_of(std::string_view key) {
  std::string out = "--";
  for (char c : key) {
    if (c >= 'A' && c <= 'Z') {
      out += '-';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

/// `/api/v3/get-user-mfa-info` → `get-user-mfa-info`; `/mfa/token/introspection` → `mfa-token-introspection`
std::string command_of(std::string_view path) {
  if (path.starts_with("/api/v3/")) path.remove_prefix(8);
  if (path.starts_with('/')) path.remove_prefix(1);
  std::string out(path);
  for (char& c : out)
    if (c == '/') c = '-';
  return out;
}

template <class T>
struct unwrap_optional {
  using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
  using type = T;
};

template <class T>
struct is_enum_list : std::false_type {};
template <class E>
struct is_enum_list<std::vector<E>> : std::is_enum<E> {};

/// What a flag's value becomes in the request's JSON: text for strings and enums, a list for
/// comma-separated enums, JSON for anything structured.
template <class Member>
std::optional<boost::json::value> flag_value(std::string const& text) {
  using T = typename unwrap_optional<Member>::type;
  if constexpr (std::is_same_v<T, std::string> || std::is_enum_v<T>) {
    return boost::json::value(text);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (text == "true" || text == "false") return boost::json::value(text == "true");
    return std::nullopt;
  } else if constexpr (is_enum_list<T>::value) {
    boost::json::array list;
    std::string_view rest = text;
    while (!rest.empty()) {
      std::string_view const item = rest.substr(0, rest.find(','));
      list.emplace_back(item);
      rest.remove_prefix(std::min(rest.size(), item.size() + 1));
    }
    return boost::json::value(std::move(list));
  } else {
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) return std::nullopt;
    return v;
  }
}

template <class Member>
std::string_view flag_kind() {
  using T = typename unwrap_optional<Member>::type;
  if constexpr (std::is_same_v<T, std::string>) return "text";
  else if constexpr (std::is_enum_v<T>) {
    static std::string const names = [] {
      std::string out;
      for (auto const& [value, name] : wire_names<T>()) out += (out.empty() ? "" : "|") + std::string(name);
      return out;
    }();
    return names;
  }
  else if constexpr (std::is_same_v<T, bool>) return "true|false";
  else if constexpr (is_enum_list<T>::value) return "NAME,NAME,...";
  else return "JSON";
}

template <class R>
void print_help(std::string_view summary) {
  std::cout << "usage: genauth-mfa " << command_of(R::path) << " [flags]\n  " << summary << "\n  "
            << (std::is_same_v<typename R::api, management_api> ? "management API" : "authentication API") << ", "
            << to_string(R::method) << ' ' << R::path << "\n";
  bool any = false;
  boost::mp11::mp_for_each<detail::members_of<R>>([&](auto d) {
    using M = std::remove_cvref_t<decltype(std::declval<R>().*d.pointer)>;
    std::cout << (any ? "" : "flags:\n") << "  " << flag_of(json_key_v<decltype(d)>) << " " << flag_kind<M>()
              << (detail::is_optional_v<M> ? "  (optional)" : "") << "\n";
    any = true;
  });
}

/// Reads the flags into the request, by the SDK's codec; on failure, why.
template <class R>
std::variant<R, std::string> read_request(std::vector<std::string> const& args) {
  boost::json::object body;
  for (std::size_t i = 0; i < args.size(); ++i) {
    bool known = false;
    std::string problem;
    boost::mp11::mp_for_each<detail::members_of<R>>([&](auto d) {
      if (known || args[i] != flag_of(json_key_v<decltype(d)>)) return;
      known = true;
      using M = std::remove_cvref_t<decltype(std::declval<R>().*d.pointer)>;
      if (i + 1 >= args.size()) {
        problem = args[i] + " needs a value";
        return;
      }
      auto v = flag_value<M>(args[++i]);
      if (!v)
        problem = args[i - 1] + " takes " + std::string(flag_kind<M>());
      else
        body[json_key_v<decltype(d)>] = std::move(*v);
    });
    if (!problem.empty()) return problem;
    if (!known) return "unknown flag " + args[i];
  }
  // A structured member left out starts empty (an OTP enrolment needs no profile).
  boost::mp11::mp_for_each<detail::members_of<R>>([&](auto d) {
    using M = std::remove_cvref_t<decltype(std::declval<R>().*d.pointer)>;
    if constexpr (detail::described<M>)
      if (!body.contains(json_key_v<decltype(d)>)) body[json_key_v<decltype(d)>] = to_json(M{});
  });
  auto request = from_json<R>(body);
  if (!request) return request.error().to_string();
  return std::move(*request);
}

/// The result as JSON, or the --field members of it, one a line (a string as it is); false when a
/// member is not there.
bool print_json(settings const& s, boost::json::value const& v) {
  if (s.fields.empty()) {
    std::cout << boost::json::serialize(v) << "\n";
    return true;
  }
  std::string out;
  for (auto const& path : s.fields) {
    boost::json::value const* at = &v;
    for (std::string_view rest = path; at != nullptr && !rest.empty();) {
      std::string_view const key = rest.substr(0, rest.find('.'));
      rest.remove_prefix((std::min)(rest.size(), key.size() + 1));
      at = at->is_object() ? at->as_object().if_contains(key) : nullptr;
    }
    if (at == nullptr) {
      std::cerr << "genauth-mfa: --field " << path << ": the result has no such member\n";
      return false;
    }
    out += at->is_string() ? std::string(at->as_string()) : boost::json::serialize(*at);
    out += "\n";
  }
  std::cout << out;
  return true;
}

template <class T>
bool print_result(settings const& s, result<T> const& r) {
  if constexpr (std::is_void_v<T>)
    return print_json(s, boost::json::object{});
  else
    return print_json(s, to_json(*r));
}

void show_qr(result<enrollment_started> const& r) {
  if (r && r->otp_data) std::cerr << genauth_cli::terminal_qr(r->otp_data->qr_code_uri);
}
template <class T>
void show_qr(result<T> const&) {}

curl_transport transport(settings const& s) {
  curl_options o;
  o.allow_insecure_http = s.allow_http;
  o.ca_file = s.ca_file;
  return curl_transport(o);
}

/// What the flags make of the service's address before anything is sent; empty when it will do.
std::string check_host(settings const& s, std::string_view host, std::string_view from) {
  if (host.size() >= 7 && detail::iequals(host.substr(0, 7), "http://") && !s.allow_http)
    return std::string(from) + " is a plain http:// URL, which sends credentials in clear: pass --allow-http to use it";
  return {};
}

/// Sends the request over libcurl with the credentials of the environment, and prints the result.
template <class R>
int send(settings const& s, R const& request) {
  auto const brand = s.authing ? authing_brand : genauth_brand;
  auto const finish = [&](auto const& r) {
    if (!r) {
      std::cerr << r.error().to_string() << "\n";
      return exit_code(r.error().kind());
    }
    if (!print_result(s, r)) return exit_usage;
    if (s.qr) show_qr(r);
    return 0;
  };
  bool constexpr management = std::is_same_v<typename R::api, management_api>;
  std::string const app_host = env("GENAUTH_APP_HOST");
  std::string const problem = management || app_host.empty() ? check_host(s, s.host, "--host (GENAUTH_HOST)")
                                                              : check_host(s, app_host, "GENAUTH_APP_HOST");
  if (!problem.empty()) {
    std::cerr << "genauth-mfa: " << problem << "\n";
    return exit_code(error_kind::invalid_argument);
  }
  if constexpr (management) {
    management_options o;
    o.access_key_id = env("GENAUTH_ACCESS_KEY_ID");
    o.access_key_secret = env("GENAUTH_ACCESS_KEY_SECRET");
    o.host = s.host;
    o.allow_insecure_http = s.allow_http;
    o.brand = brand;
    management_client client(o, transport(s));
    return finish(client.call(request));
  } else {
    authentication_options o;
    o.app_id = env("GENAUTH_APP_ID");
    o.app_host = app_host.empty() ? s.host : app_host;
    o.access_token = env("GENAUTH_ACCESS_TOKEN");
    o.allow_insecure_http = s.allow_http;
    o.brand = brand;
    authentication_client client(o, transport(s));
    return finish(client.call(request));
  }
}

/// An MFA command: the request from one flag per member.
template <class R>
int run(settings const& s, std::vector<std::string> const& args, std::string_view summary) {
  for (auto const& a : args)
    if (a == "--help" || a == "-h") {
      print_help<R>(summary);
      return 0;
    }
  auto request = read_request<R>(args);
  if (auto const* why = std::get_if<std::string>(&request)) {
    std::cerr << "genauth-mfa " << command_of(R::path) << ": " << *why << " (see --help)\n";
    return exit_usage;
  }
  return send(s, std::get<R>(request));
}

/// A generated endpoint's command: its call's name, dashed (`get-user`); an endpoint written by
/// hand is named after its path.
template <class R>
std::string command_name() {
  if constexpr (requires { R::call_name; }) {
    std::string out(R::call_name);
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
  } else {
    return command_of(R::path);
  }
}

struct command;
std::vector<command> const& endpoints();
template <class R>
std::string listed_name();

/// What a member holds, in JSON's words.
template <class M>
std::string json_kind() {
  using T = typename unwrap_optional<M>::type;
  using detail::member_kind;
  switch (detail::kind_v<T>) {
    case member_kind::string: return "string";
    case member_kind::boolean: return "boolean";
    case member_kind::integer: return "integer";
    case member_kind::number: return "number";
    case member_kind::closed_enum:
    case member_kind::open_enum: return "one of " + std::string(flag_kind<T>());
    case member_kind::sequence: return "array";
    case member_kind::object: return "object";
    default: return "JSON";
  }
}

/// `call NAME --help`: the endpoint and its request's members, by wire key.
template <class R>
void print_members(std::string_view summary) {
  std::cout << "usage: genauth-mfa call " << listed_name<R>() << " [JSON | -]\n  " << summary << "\n  "
            << (std::is_same_v<typename R::api, management_api> ? "management API" : "authentication API") << ", "
            << to_string(R::method) << ' ' << R::path << "\n  the request: a JSON object (- or nothing: from stdin)"
            << " with these members\n";
  boost::mp11::mp_for_each<detail::members_of<R>>([&](auto d) {
    using M = std::remove_cvref_t<decltype(std::declval<R>().*d.pointer)>;
    std::cout << "  " << json_key_v<decltype(d)> << "  " << json_kind<M>()
              << (detail::is_optional_v<M> ? "  (optional)" : "") << "\n";
  });
}

/// `call NAME [JSON]`: any generated endpoint, its request given as JSON (an argument or stdin).
template <class R>
int call_json(settings const& s, std::vector<std::string> const& args, std::string_view summary) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    print_members<R>(summary);
    return 0;
  }
  if (args.size() > 1) {
    std::cerr << "genauth-mfa call " << listed_name<R>() << ": one JSON request at most (see --help)\n";
    return exit_usage;
  }
  std::string const text = args.empty() || args[0] == "-"
                               ? std::string(std::istreambuf_iterator<char>(std::cin), {})
                               : args[0];
  boost::system::error_code ec;
  auto const body = boost::json::parse(text, ec);
  if (ec || !body.is_object()) {
    std::cerr << "genauth-mfa call " << listed_name<R>() << ": the request must be a JSON object (see --help)\n";
    return exit_usage;
  }
  R request{};  // read in place: from_json would compile a boost::system::result for every endpoint
  if (auto const e = detail::decode(body, request)) {
    std::cerr << "genauth-mfa call " << listed_name<R>() << ": " << e->to_string() << " (see --help)\n";
    return exit_usage;
  }
  return send(s, request);
}

/// `otp-code`: the current TOTP code of an otpauth:// URI (its digits and period) or of a Base32
/// secret, as an authenticator app shows it, with the seconds it stays valid. Offline.
int otp_code(settings const& s, std::vector<std::string> const& args, std::string_view summary) {
  std::string uri, secret;
  long period = 30;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << "usage: genauth-mfa otp-code (--uri URI | --secret BASE32 [--period SECONDS])\n  " << summary
                << "\n  offline: the code an authenticator app shows now, and the seconds it stays valid\n"
                   "flags:\n  --uri otpauth://...  an enrolment's otpData.qrCodeUri (digits and period from it)\n"
                   "  --secret BASE32      the shared secret instead\n  --period SECONDS     with --secret (default 30)\n";
      return 0;
    }
    if (i + 1 >= args.size()) {
      std::cerr << "genauth-mfa otp-code: " << args[i] << " needs a value (see --help)\n";
      return exit_usage;
    }
    std::string const& value = args[++i];
    if (args[i - 1] == "--uri") {
      uri = value;
    } else if (args[i - 1] == "--secret") {
      secret = value;
    } else if (args[i - 1] == "--period") {
      char* end = nullptr;
      period = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || period < 1 || period > 3600) {
        std::cerr << "genauth-mfa otp-code: --period takes 1 to 3600 (see --help)\n";
        return exit_usage;
      }
    } else {
      std::cerr << "genauth-mfa otp-code: unknown flag " << args[i - 1] << " (see --help)\n";
      return exit_usage;
    }
  }
  if (uri.empty() == secret.empty()) {
    std::cerr << "genauth-mfa otp-code: give --uri or --secret (see --help)\n";
    return exit_usage;
  }
  otp::key_uri key;
  if (!uri.empty()) {
    auto parsed = otp::parse_key_uri(uri);
    if (!parsed) {
      std::cerr << parsed.error().to_string() << "\n";
      return exit_code(parsed.error().kind());
    }
    key = std::move(*parsed);
  } else {
    auto decoded = otp::base32_decode(secret);
    if (!decoded) {
      std::cerr << decoded.error().to_string() << "\n";
      return exit_code(decoded.error().kind());
    }
    key.secret = std::move(*decoded);
    key.period = std::chrono::seconds(period);
  }
  auto const now = std::chrono::system_clock::now();
  otp::totp_settings const with{.digits = key.digits, .period = key.period};
  auto code = otp::totp(key.secret, now, with);
  if (!code) {
    std::cerr << code.error().to_string() << "\n";
    return exit_code(code.error().kind());
  }
  auto const into = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch() % key.period;
  boost::json::object out{{"code", *code}, {"validFor", (key.period - into).count()}};
  return print_json(s, out) ? 0 : exit_usage;
}

/// `verify-token`: a token, read from stdin or --token-file (never the command line, which every
/// local user can read), verified against a JWKS URL or file; prints its header and claims.
int verify_token(settings const& s, std::vector<std::string> const& args, std::string_view summary) {
  std::string jwks_url, jwks_file, token_file;
  jwt::claim_rules rules;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << "usage: genauth-mfa verify-token (--jwks-url URL | --jwks-file FILE) [--token-file FILE] [rules]\n  "
                << summary
                << "\n  the token comes from stdin, or --token-file; prints {\"header\":...,\"claims\":...}\n"
                   "flags:\n  --jwks-url URL       the provider's key set, e.g. https://APP_HOST/oidc/.well-known/jwks.json\n"
                   "  --jwks-file FILE     a key set saved to a file instead\n"
                   "  --token-file FILE    read the token from FILE (default: stdin)\n"
                   "  --issuer ISS         iss must be one of them (repeatable)\n"
                   "  --audience AUD       aud must name one of them (repeatable)\n"
                   "  --require CLAIM      the claim must be present (repeatable)\n"
                   "  --leeway SECONDS     how far exp and nbf may be off the clock (default 0)\n"
                   "  --nonce NONCE        an ID token's nonce\n"
                   "  --azp CLIENT_ID      an ID token's authorized party\n";
      return 0;
    }
    if (i + 1 >= args.size()) {
      std::cerr << "genauth-mfa verify-token: " << args[i] << " needs a value (see --help)\n";
      return exit_usage;
    }
    std::string const& flag = args[i];
    std::string const& value = args[++i];
    if (flag == "--jwks-url") {
      jwks_url = value;
    } else if (flag == "--jwks-file") {
      jwks_file = value;
    } else if (flag == "--token-file") {
      token_file = value;
    } else if (flag == "--issuer") {
      rules.issuers.push_back(value);
    } else if (flag == "--audience") {
      rules.audiences.push_back(value);
    } else if (flag == "--require") {
      rules.required.push_back(value);
    } else if (flag == "--nonce") {
      rules.nonce = value;
    } else if (flag == "--azp") {
      rules.authorized_party = value;
    } else if (flag == "--leeway") {
      char* end = nullptr;
      long const leeway = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || leeway < 0 || leeway > 86400) {
        std::cerr << "genauth-mfa verify-token: --leeway takes 0 to 86400 (see --help)\n";
        return exit_usage;
      }
      rules.leeway = std::chrono::seconds(leeway);
    } else {
      std::cerr << "genauth-mfa verify-token: unknown flag " << flag << " (see --help)\n";
      return exit_usage;
    }
  }
  if (jwks_url.empty() == jwks_file.empty()) {
    std::cerr << "genauth-mfa verify-token: give --jwks-url or --jwks-file (see --help)\n";
    return exit_usage;
  }
  auto const read = [](std::istream& in) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
  };
  std::string token;
  if (token_file.empty()) {
    token = read(std::cin);
  } else {
    std::ifstream in(token_file);
    if (!in) {
      std::cerr << "genauth-mfa verify-token: cannot read --token-file " << token_file << "\n";
      return exit_usage;
    }
    token = read(in);
  }
  auto const verified = [&]() -> result<jwt::token> {
    if (!jwks_file.empty()) {
      std::ifstream in(jwks_file);
      if (!in) return detail::make_error(errc::key_set_malformed, "cannot read --jwks-file " + jwks_file);
      auto keys = jwt::key_set::parse(read(in));
      if (!keys) return std::move(keys).error();
      auto verifier = jwt::openssl_verifier::create(std::move(*keys));
      if (!verifier) return std::move(verifier).error();
      return verifier->verify(token, rules);
    }
    if (auto const problem = check_host(s, jwks_url, "--jwks-url"); !problem.empty())
      return detail::make_error(errc::malformed_host, problem);
    auto cache = jwt::key_cache::create({.jwks_url = jwks_url});
    if (!cache) return std::move(cache).error();
    auto t = transport(s);
    return cache->verify(token, rules, t);
  }();
  if (!verified) {
    std::cerr << verified.error().to_string() << "\n";
    return exit_code(verified.error().kind());
  }
  boost::json::object out{{"header", verified->header}, {"claims", verified->claims}};
  return print_json(s, out) ? 0 : exit_usage;
}

struct command {
  std::string name;
  std::string_view summary;
  int (*run)(settings const&, std::vector<std::string> const&, std::string_view);
};

/// A command for each endpoint of the generated groups, named after its path.
template <class... R>
void add_endpoints(std::vector<command>& out, boost::mp11::mp_list<R...>) {
  (out.push_back({command_of(R::path), R::summary, &run<R>}), ...);
}

/// Every generated endpoint of both clients, for `call` and `endpoints`.
template <class... R>
std::vector<command> json_commands(boost::mp11::mp_list<R...>) {
  return {command{command_name<R>(), R::summary, &call_json<R>}...};
}

/// Both clients' endpoints; a name both have is taken with its client's (`management.get-detail`).
std::vector<command> const& endpoints() {
  static std::vector<command> const all = [] {
    auto out = json_commands(genauth::management::all_endpoints{});
    auto const managed = out.size();
    auto more = json_commands(genauth::authentication::all_endpoints{});
    out.insert(out.end(), more.begin(), more.end());
    std::map<std::string, int> uses;
    for (auto const& c : out) ++uses[c.name];
    for (std::size_t i = 0; i < out.size(); ++i)
      if (uses[out[i].name] > 1) out[i].name.insert(0, i < managed ? "management." : "authentication.");
    return out;
  }();
  return all;
}

/// The name `endpoints` lists R's `call` under.
template <class R>
std::string listed_name() {
  for (auto const& c : endpoints())
    if (c.run == &call_json<R>) return c.name;
  return command_name<R>();
}

int call(settings const& s, std::vector<std::string> const& args, std::string_view) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << "usage: genauth-mfa call NAME [JSON | -]\n  any endpoint (genauth-mfa endpoints lists them), its "
                 "request as a JSON object;\n  genauth-mfa call NAME --help lists its members\n";
    return args.empty() ? exit_usage : 0;
  }
  for (auto const& c : endpoints())
    if (c.name == args[0]) return c.run(s, std::vector<std::string>(args.begin() + 1, args.end()), c.summary);
  std::cerr << "genauth-mfa call: no endpoint " << args[0] << " (genauth-mfa endpoints lists them)\n";
  return exit_usage;
}

int list_endpoints(settings const&, std::vector<std::string> const& args, std::string_view summary) {
  if (!args.empty()) {
    bool const help = args[0] == "--help" || args[0] == "-h";
    (help ? std::cout : std::cerr) << "usage: genauth-mfa endpoints\n  " << summary << "\n";
    return help ? 0 : exit_usage;
  }
  for (auto const& c : endpoints()) std::cout << c.name << "  " << c.summary << "\n";
  return 0;
}

std::vector<command> const& commands() {
  static std::vector<command> const all = [] {
    std::vector<command> out;
    add_endpoints(out, genauth::management::mfa_endpoints{});
    add_endpoints(out, genauth::authentication::mfa_endpoints{});
    out.push_back({"call", "any endpoint of both APIs by name, its request as JSON", &call});
    out.push_back({"endpoints", "list every endpoint `call` takes, with what it does", &list_endpoints});
    out.push_back({"otp-code", "offline: the current code of an otpauth:// URI or a secret", &otp_code});
    out.push_back(
        {"verify-token", "verify a token (stdin) against a JWKS URL or file; print its claims", &verify_token});
    return out;
  }();
  return all;
}

void print_usage(std::ostream& out) {
  out << "usage: genauth-mfa [--host URL] [--allow-http] [--ca-file FILE] [--qr] [--field NAME]... <command> "
         "[flags]\n       (--help after a command for its flags)\n\n"
         "Management commands read GENAUTH_ACCESS_KEY_ID and GENAUTH_ACCESS_KEY_SECRET; end-user commands read\n"
         "GENAUTH_APP_ID, GENAUTH_ACCESS_TOKEN and GENAUTH_APP_HOST (default: --host). GENAUTH_HOST stands for\n"
         "--host, GENAUTH_CA_FILE for --ca-file (a PEM file of the CAs to trust, in place of the system's);\n"
         "GENAUTH_BRAND=authing speaks the Authing brand. --allow-http permits a plain http:// host.\n"
         "Output: JSON on stdout, or with --field NAME (repeatable; a.b for a member of a member) those\n"
         "members, one a line. Errors on stderr, exit code 2 usage, 3 invalid argument, 4 transport,\n"
         "5 http, 6 api, 7 decode, 8 system, 9 cancelled, 10 token.\n\ncommands:\n";
  for (auto const& c : commands()) out << "  " << c.name << std::string(32 - std::min<std::size_t>(31, c.name.size()), ' ') << c.summary << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    std::string_view const a = argv[i];
    if (a == "--host" && i + 1 < argc) {
      s.host = argv[++i];
    } else if (a == "--ca-file" && i + 1 < argc) {
      s.ca_file = argv[++i];
    } else if (a == "--field" && i + 1 < argc) {
      s.fields.emplace_back(argv[++i]);
    } else if (a == "--allow-http") {
      s.allow_http = true;
    } else if (a == "--qr") {
      s.qr = true;
    } else {
      rest.emplace_back(a);
    }
  }
  if (rest.empty() || rest[0] == "--help" || rest[0] == "-h" || rest[0] == "help") {
    print_usage(rest.empty() ? std::cerr : std::cout);
    return rest.empty() ? exit_usage : 0;
  }
  if (!s.ca_file.empty() && !std::ifstream(s.ca_file)) {
    std::cerr << "genauth-mfa: cannot read --ca-file (GENAUTH_CA_FILE) " << s.ca_file << "\n";
    return exit_usage;
  }
  for (auto const& c : commands())
    if (c.name == rest[0]) return c.run(s, std::vector<std::string>(rest.begin() + 1, rest.end()), c.summary);
  std::cerr << "genauth-mfa: unknown command " << rest[0] << "\n";
  print_usage(std::cerr);
  return exit_usage;
}
