#pragma once

#include <genauth/authentication.hpp>
#include <genauth/management.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <locale>
#include <version>

#include <chrono>
#include <fstream>
#include <deque>
#include <map>
#include <memory>
#include <vector>
#include <sstream>
#include <stdexcept>
#include <string>

#if defined(__linux__)
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace test {

#if defined(__linux__)
/// Runs `body` in a forked child process (for what must not touch this one: a seccomp filter, a
/// mount namespace) and returns the character it returns; 0 if the child reported nothing.
template <class Body>
char in_child(Body body) {
  int fds[2];
  if (::pipe(fds) != 0) return 0;
  pid_t const child = ::fork();
  if (child == 0) {
    char const verdict = body();
    ::_exit(::write(fds[1], &verdict, 1) == 1 ? 0 : 1);
  }
  char verdict = 0;
  bool const got = child > 0 && ::read(fds[0], &verdict, 1) == 1;
  if (child > 0) ::waitpid(child, nullptr, 0);
  ::close(fds[0]);
  ::close(fds[1]);
  return got ? verdict : 0;
}
#endif

inline std::string read_file(std::string const& relative) {
  std::ifstream in(std::string(GENAUTH_TEST_DATA) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("missing test data file: " + relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct exact_handler {
  constexpr static std::size_t max_object_size = std::size_t(-1);
  constexpr static std::size_t max_array_size = std::size_t(-1);
  constexpr static std::size_t max_key_size = std::size_t(-1);
  constexpr static std::size_t max_string_size = std::size_t(-1);
  boost::json::value_stack st;
  std::string number;
  using ec_t = boost::json::error_code;
  bool on_document_begin(ec_t&) { st.reset(); return true; }
  bool on_document_end(ec_t&) { return true; }
  bool on_array_begin(ec_t&) { return true; }
  bool on_array_end(std::size_t n, ec_t&) { st.push_array(n); return true; }
  bool on_object_begin(ec_t&) { return true; }
  bool on_object_end(std::size_t n, ec_t&) { st.push_object(n); return true; }
  bool on_string_part(boost::json::string_view s, std::size_t, ec_t&) { st.push_chars(s); return true; }
  bool on_string(boost::json::string_view s, std::size_t, ec_t&) { st.push_string(s); return true; }
  bool on_key_part(boost::json::string_view s, std::size_t, ec_t&) { st.push_chars(s); return true; }
  bool on_key(boost::json::string_view s, std::size_t, ec_t&) { st.push_key(s); return true; }
  bool on_number_part(boost::json::string_view s, ec_t&) { number.append(s.data(), s.size()); return true; }
  bool on_int64(std::int64_t i, boost::json::string_view, ec_t&) { number.clear(); st.push_int64(i); return true; }
  bool on_uint64(std::uint64_t u, boost::json::string_view, ec_t&) { number.clear(); st.push_uint64(u); return true; }
  bool on_double(double, boost::json::string_view s, ec_t&) {
    number.append(s.data(), s.size());
    double d = 0;
#if defined(__cpp_lib_to_chars)
    std::from_chars(number.data(), number.data() + number.size(), d);
#else  // libc++ 14 has no floating-point from_chars; its streams round correctly too
    std::istringstream in(number);
    in.imbue(std::locale::classic());
    in >> d;
#endif
    number.clear();
    st.push_double(d);
    return true;
  }
  bool on_bool(bool b, ec_t&) { st.push_bool(b); return true; }
  bool on_null(ec_t&) { st.push_null(); return true; }
  bool on_comment_part(boost::json::string_view, ec_t&) { return true; }
  bool on_comment(boost::json::string_view, ec_t&) { return true; }
};

/// Parses JSON with correctly rounded doubles. Boost.JSON 1.81 may land one ULP off
/// (123456789012345680000 becomes ...670000), and the signing vectors need the exact double.
inline boost::json::value parse_exact(std::string_view text) {
  boost::json::basic_parser<exact_handler> p(boost::json::parse_options{});
  boost::json::error_code ec;
  p.write_some(false, text.data(), text.size(), ec);
  if (ec) throw std::runtime_error("test data is not JSON: " + ec.message());
  return p.handler().st.release();
}

inline boost::json::value read_json(std::string const& relative) { return parse_exact(read_file(relative)); }

inline genauth::http_response fixture(std::string const& name, int status = 200) {
  return {status, {}, read_file("fixtures/" + name)};
}

/// A successful get_user_mfa_info answer with a request id.
inline genauth::http_response const info_ok{
    200,
    {},
    R"({"statusCode":200,"requestId":"r-ok","data":{"totpStatus":true,"faceMfaStatus":false,"smsMfaStatus":false,"emailMfaStatus":false}})"};

/// Options with a pinned clock and nonce, so requests are reproducible.
inline genauth::management_options fixed_options() {
  genauth::management_options o;
  o.access_key_id = "6380a1d2c4e5f60718293a4b";
  o.access_key_secret = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
  o.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1736065800)); };
  o.nonce = [] { return std::string("12757a696ef6667ba47c4586696a33f6"); };
  return o;
}

/// Answers with a script, one entry per request, and records what it was sent.
struct scripted_transport {
  struct state {
    std::deque<genauth::transport_result> script;
    std::vector<genauth::http_request> sent;
  };
  std::shared_ptr<state> s = std::make_shared<state>();

  scripted_transport& then(genauth::transport_result r) {
    s->script.push_back(std::move(r));
    return *this;
  }
  genauth::transport_result operator()(genauth::http_request const& request) {
    s->sent.push_back(request);
    if (s->script.empty()) return genauth::http_response{599, {}, "script exhausted"};
    auto r = std::move(s->script.front());
    s->script.pop_front();
    return r;
  }
  std::vector<genauth::http_request> const& sent() const { return s->sent; }
};

/// Checks a management request's signature the way the server does, from what is on the wire
/// alone (docs/signing.md), without the SDK's signing code: the query is decoded, or the JSON
/// body read, and the string to sign rebuilt. Keys must be ASCII (they are sorted bytewise), which
/// all the tests' keys are.
inline bool signature_is_valid(genauth::http_request const& req, std::string const& secret,
                               std::string const& prefix = "x-genauth-") {
  auto const decode = [](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        out += ' ';
      } else if (s[i] == '%' && i + 2 < s.size()) {
        out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  };
  std::string const url = req.url;
  std::size_t const path_start = url.find('/', url.find("://") + 3);
  std::size_t const query_start = url.find('?');
  std::string const path = url.substr(path_start, query_start == std::string::npos ? std::string::npos : query_start - path_start);
  std::map<std::string, std::string> params;
  if (req.method == genauth::http_method::get) {
    if (query_start != std::string::npos) {
      std::string_view rest = std::string_view(url).substr(query_start + 1);
      while (!rest.empty()) {
        std::string_view const pair = rest.substr(0, rest.find('&'));
        rest.remove_prefix((std::min)(rest.size(), pair.size() + 1));
        std::size_t const eq = pair.find('=');
        params[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
      }
    }
  } else {
    // Each top-level value is signed as the very bytes the compact body carries for it (a
    // string without its quotes and escapes), so the value's text is cut out of the body.
    boost::json::object const body = boost::json::parse(req.body).as_object();
    std::string_view text = req.body;
    std::size_t i = 1;  // after '{'
    auto const skip_string = [&](std::size_t at) {  // at the opening quote; returns past the closing one
      for (++at; text[at] != '"'; ++at)
        if (text[at] == '\\') ++at;
      return at + 1;
    };
    while (i < text.size() && text[i] != '}') {
      std::size_t const key_end = skip_string(i);
      std::string const key = boost::json::parse(text.substr(i, key_end - i)).as_string().c_str();
      std::size_t const value_start = key_end + 1;  // after ':'
      std::size_t j = value_start;
      int depth = 0;
      while (j < text.size()) {
        char const c = text[j];
        if (c == '"') {
          j = skip_string(j);
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') {
          if (depth == 0) break;
          --depth;
        }
        if (c == ',' && depth == 0) break;
        ++j;
      }
      auto const& value = body.at(key);
      params[key] = value.is_string() ? std::string(value.get_string()) : std::string(text.substr(value_start, j - value_start));
      i = text[j] == ',' ? j + 1 : j;
    }
  }
  std::map<std::string, std::string> signed_headers;
  for (auto const& h : req.headers)
    if (h.name == "date" || h.name.rfind(prefix, 0) == 0) signed_headers[std::string(h.name)] = h.value;
  std::string to_sign(genauth::to_string(req.method));
  to_sign += '\n';
  for (auto const& [name, value] : signed_headers) to_sign += name + ":" + value + "\n";
  to_sign += path;
  char sep = '?';
  for (auto const& [key, value] : params) {
    to_sign += sep + key + "=" + value;
    sep = '&';
  }
  auto const auth = req.headers.find("authorization");
  if (!auth) return false;
  return auth->substr(auth->find(':') + 1) == genauth::crypto::base64_encode(genauth::crypto::hmac_sha1(secret, to_sign));
}

}  // namespace test
