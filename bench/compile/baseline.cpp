// The baseline: one described struct read from and written to JSON by Boost.JSON.
#include <boost/describe.hpp>
#include <boost/json.hpp>

#include <string>

struct user_mfa_info {
  bool totp_status = false;
  std::string user_id;
};
BOOST_DESCRIBE_STRUCT(user_mfa_info, (), (totp_status, user_id))

int main() {
  auto const v = boost::json::value_from(user_mfa_info{true, "u"});
  auto const back = boost::json::value_to<user_mfa_info>(boost::json::parse(boost::json::serialize(v)));
  return back.totp_status ? 0 : 1;
}
