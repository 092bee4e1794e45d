// An endpoint that declares `idempotent` as an int: refused, rather than read as not idempotent.
#include <genauth/genauth.hpp>

#include <string>

struct retry_note_request {
  using api = genauth::management_api;
  static constexpr int idempotent = 1;
  static constexpr genauth::http_method method = genauth::http_method::post;
  static constexpr std::string_view path = "/api/v3/acme/retry-note";
  using response_type = void;
  std::string note{};
};
BOOST_DESCRIBE_STRUCT(retry_note_request, (), (note))

int main() {
  genauth::management_client client(genauth::management_options{}, [](genauth::http_request const&) {
    return genauth::transport_result(genauth::http_response{});
  });
  (void)client.call(retry_note_request{});
}
