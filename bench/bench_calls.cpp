// Per call of both clients: the whole call through the client (build, sign, an in-memory
// transport, parse), build alone, parse alone, and the machine's floor for the same call
// (OpenSSL HMAC-SHA1 + Base64 of its string to sign, Boost.JSON parse of its answer, serialise
// of its body). CPU time per call; allocations and bytes per call as counters.

#include "allocation_counter.hpp"

#include <genauth/genauth.hpp>

#include <benchmark/benchmark.h>
#include <boost/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>

void* operator new(std::size_t n) {
  genauth_bench::allocations.fetch_add(1, std::memory_order_relaxed);
  genauth_bench::allocated_bytes.fetch_add(n, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace genauth;

std::string read_file(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

boost::json::object const& call_spec(std::string_view name) {
  static boost::json::value const calls = boost::json::parse(read_file(GENAUTH_BENCH_DIR "/calls.json"));
  for (auto const& c : calls.at("calls").as_array())
    if (c.at("name").as_string() == name) return c.as_object();
  throw std::runtime_error("no call named " + std::string(name) + " in calls.json");
}

std::string response_body(boost::json::object const& spec) {
  if (auto const* body = spec.if_contains("responseBody")) return std::string(body->as_string());
  return read_file(GENAUTH_FIXTURES_DIR "/" + std::string(spec.at("response").as_string()));
}

management_options admin_options() {
  management_options o;
  o.access_key_id = "6380a1d2c4e5f60718293a4b";
  o.access_key_secret = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
  return o;
}

authentication_options user_options() {
  authentication_options o;
  o.app_id = "6433c0xxxxxxxxx9021b2cec";
  o.app_host = "https://example.genauth.ai";
  o.access_token = "user-access-token";
  return o;
}

// Sets the per-call counters from the allocations made across the timed loop.
void count(benchmark::State& state, genauth_bench::allocation_count before) {
  auto const after = genauth_bench::allocations_now();
  auto const n = static_cast<double>(state.iterations());
  state.counters["allocs"] = static_cast<double>(after.calls - before.calls) / n;
  state.counters["bytes"] = static_cast<double>(after.bytes - before.bytes) / n;
}

std::string floor_signature(std::string const& string_to_sign, std::string const& secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<unsigned char const*>(string_to_sign.data()), string_to_sign.size(), mac, &mac_size);
  unsigned char b64[64];
  int const n = EVP_EncodeBlock(b64, mac, static_cast<int>(mac_size));
  return std::string(reinterpret_cast<char const*>(b64), static_cast<std::size_t>(n));
}

template <class R>
void register_call(std::string const& name) {
  auto const& spec = call_spec(name);
  R request{};
  if (auto const* params = spec.if_contains("params"); params && params->is_object()) {
    auto parsed = from_json<R>(*params);
    if (!parsed) throw std::runtime_error(name + ": " + parsed.error().to_string());
    request = std::move(*parsed);
  }
  transport_result const answer = http_response{200, {{"content-type", "application/json"}}, response_body(spec)};
  auto const transport = [answer](http_request const&) { return answer; };
  constexpr bool management = std::is_same_v<typename R::api, management_api>;

  benchmark::RegisterBenchmark(("call/" + name).c_str(), [=](benchmark::State& state) {
    auto const before = genauth_bench::allocations_now();
    if constexpr (management) {
      management_client client(admin_options(), transport);
      for (auto _ : state) benchmark::DoNotOptimize(client.call(request));
    } else {
      authentication_client client(user_options(), transport);
      for (auto _ : state) benchmark::DoNotOptimize(client.call(request));
    }
    count(state, before);
  });
  // Build as a client does: a management client signs with options prepared once.
  benchmark::RegisterBenchmark(("build/" + name).c_str(), [=](benchmark::State& state) {
    if constexpr (management) {
      management_signer const signer(admin_options());
      auto const before = genauth_bench::allocations_now();
      for (auto _ : state) benchmark::DoNotOptimize(signer.build(request));
      count(state, before);
    } else {
      auto const options = user_options();
      auto const before = genauth_bench::allocations_now();
      for (auto _ : state) benchmark::DoNotOptimize(build(options, request));
      count(state, before);
    }
  });
  benchmark::RegisterBenchmark(("parse/" + name).c_str(), [=](benchmark::State& state) {
    auto const before = genauth_bench::allocations_now();
    for (auto _ : state) benchmark::DoNotOptimize(parse<R>(answer.response));
    count(state, before);
  });

  // The floor: what one call of this shape cannot avoid on this machine.
  std::string string_to_sign;
  if constexpr (management) {
    auto const signed_ = sign_request(admin_options(), R::method, R::path, to_json(request).get_object());
    if (!signed_) throw std::runtime_error(name + ": " + signed_.error().to_string());
    string_to_sign = signed_->string_to_sign;
  }
  auto built = [&] {
    if constexpr (management) return build(admin_options(), request);
    else return build(user_options(), request);
  }();
  if (!built) throw std::runtime_error(name + ": " + built.error().to_string());
  // A JSON body is serialised for the floor; a form body (MFA token introspection) costs nothing to speak of.
  bool const json_body = !built->body.empty() && built->headers.find("content-type").value_or("").starts_with("application/json");
  boost::json::value const body = json_body ? boost::json::parse(built->body) : boost::json::value();
  std::string const secret = admin_options().access_key_secret;
  std::string const response = answer.response.body;
  benchmark::RegisterBenchmark(("floor/" + name).c_str(), [=](benchmark::State& state) {
    auto const before = genauth_bench::allocations_now();
    for (auto _ : state) {
      if (!string_to_sign.empty()) benchmark::DoNotOptimize(floor_signature(string_to_sign, secret));
      if (!body.is_null()) benchmark::DoNotOptimize(boost::json::serialize(body));
      benchmark::DoNotOptimize(boost::json::parse(response));
    }
    count(state, before);
  });
}

// An import of 708 users answered with a 4 MB error message that echoes the request: the call's
// redaction looks for each user's id, secret and recovery code, in every form, in all of it.
void register_large_redaction() {
  import_otp_request request;
  for (int i = 0; i < 708; ++i) {
    auto const n = std::to_string(100000 + i);
    request.list.push_back({.user_id = "u" + n, .otp = {.secret = "JBSWY3DP" + n, .recovery_code = "r" + n}});
  }
  auto const built = build(admin_options(), request);
  if (!built) throw std::runtime_error("import_otp: " + built.error().to_string());
  std::string message, body;
  for (std::string more = built->body;; more += built->body) {  // as much as the 4 MiB response limit takes
    auto next = R"({"statusCode":400,"apiCode":1,"message":)" + boost::json::serialize(boost::json::value(more)) + "}";
    if (next.size() > response_limits{}.max_body_size) break;
    message = more;
    body = std::move(next);
  }
  transport_result const answer = http_response{400, {{"content-type", "application/json"}}, body};
  auto o = admin_options();
  o.retry = retry_policy::disabled();
  auto const r = management_client(o, [answer](http_request const&) { return answer; }).call(request);
  if (r || r.error().message.size() < message.size() / 2)
    throw std::runtime_error("import_otp: the 4 MB error message did not come back");
  benchmark::RegisterBenchmark("call/import_otp, 708 users, a 4 MB error message", [=](benchmark::State& state) {
    management_client client(o, [answer](http_request const&) { return answer; });
    for (auto _ : state) benchmark::DoNotOptimize(client.call(request));
  })->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  register_call<get_user_mfa_info_request>("get_user_mfa_info");
  register_call<set_users_mfa_status_request>("set_users_mfa_status");
  register_call<get_user_mfa_status_request>("get_user_mfa_status");
  register_call<get_mfa_trigger_data_request>("get_mfa_trigger_data");
  register_call<import_otp_request>("import_otp");
  register_call<get_otp_secret_by_user_request>("get_otp_secret_by_user");
  register_call<update_application_mfa_settings_request>("update_application_mfa_settings");
  register_call<get_global_mfa_settings_request>("get_global_mfa_settings");
  register_call<update_global_mfa_settings_request>("update_global_mfa_settings");
  register_call<close_global_mfa_settings_request>("close_global_mfa_settings");
  register_call<send_enroll_factor_request_params>("send_enroll_factor_request");
  register_call<enroll_factor_request>("enroll_factor");
  register_call<reset_factor_request>("reset_factor");
  register_call<list_enrolled_factors_request>("list_enrolled_factors");
  register_call<get_factor_request>("get_factor");
  register_call<list_factors_to_enroll_request>("list_factors_to_enroll");
  register_call<mfa_otp_verify_request>("mfa_otp_verify");
  register_call<verify_mfa_token_request>("verify_mfa_token");
  register_call<web_authn_mfa_bind_initialize_request>("web_authn_mfa_bind_initialize");
  register_call<web_authn_mfa_verify_initialize_request>("web_authn_mfa_verify_initialize");
  register_large_redaction();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
