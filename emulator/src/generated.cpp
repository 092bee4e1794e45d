// The endpoints of the SDK's generated groups that no handler of the emulator serves, answered from
// their declarations: the request is read as the SDK's request struct (a member missing, of the
// wrong type or outside its enum is the service's 400), and the answer is the declared result,
// synthesised from the request (the same request gets the same answer), carrying the request's own
// value wherever the answer has a member of that name; the CRUD families keep what they create
// (store.cpp).

#include "service.hpp"
#include "signature.hpp"

#include <genauth/authentication.hpp>
#include <genauth/management.hpp>

#include <boost/json/serialize.hpp>
#include <boost/mp11/algorithm.hpp>

#include <charconv>
#include <cstdint>
#include <string>
#include <type_traits>

namespace genauth_emulator {
namespace {

using genauth::detail::kind_v;
using genauth::detail::member_kind;

/// Nesting deeper than this is left empty: a tree's children would never end.
constexpr int max_depth = 3;

/// A value of T with every member present, from `seed`.
template <class T>
void synthesize(T& v, std::uint64_t seed, int depth) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::json) {
    v = boost::json::object{{"seed", seed % 1000}};
  } else if constexpr (kind == member_kind::string) {
    v = "value-" + std::to_string(seed % 1000);
  } else if constexpr (kind == member_kind::boolean) {
    v = seed % 2 == 0;
  } else if constexpr (kind == member_kind::integer) {
    v = static_cast<T>(seed % 100);
  } else if constexpr (kind == member_kind::number) {
    v = static_cast<double>(seed % 100) / 4;
  } else if constexpr (kind == member_kind::closed_enum) {
    auto const names = genauth::wire_names<T>();
    v = names[seed % names.size()].first;
  } else if constexpr (kind == member_kind::open_enum) {
    [&]<class E>(genauth::open_enum<E>& o) {
      E e{};
      synthesize(e, seed, depth);
      o = e;
    }(v);
  } else if constexpr (kind == member_kind::optional) {
    if (depth > max_depth) return;
    synthesize(v.emplace(), seed, depth);
  } else if constexpr (kind == member_kind::variant) {
    synthesize(v.template emplace<0>(), seed, depth);
  } else if constexpr (kind == member_kind::sequence) {
    if (depth > max_depth) return;
    synthesize(v.emplace_back(), seed + 1, depth + 1);
  } else if constexpr (kind == member_kind::object) {
    std::uint64_t n = 0;
    boost::mp11::mp_for_each<genauth::detail::members_of<T>>(
        [&](auto d) { synthesize(v.*d.pointer, seed * 31 + ++n, depth + 1); });
  }
}

template <class T>
struct plain {
  using type = T;
};
template <class T>
struct plain<std::optional<T>> : plain<T> {};

/// A query value as the member it is for reads it: a number or a boolean from its text, anything
/// else (and text that is no number or boolean, which the read then refuses) as a string.
template <class T>
boost::json::value query_value(std::string const& text) {
  using V = typename plain<T>::type;
  if constexpr (kind_v<V> == member_kind::integer) {
    std::int64_t n = 0;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size()) return n;
  } else if constexpr (kind_v<V> == member_kind::number) {
    double x = 0;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (ec == std::errc() && end == text.data() + text.size()) return x;
  } else if constexpr (kind_v<V> == member_kind::boolean) {
    if (text == "true" || text == "false") return text == "true";
  }
  return boost::json::string(text);
}

/// FNV-1a: the seed of an answer, from what was asked.
std::uint64_t seed_of(std::string_view path, boost::json::object const& request) {
  std::uint64_t h = 14695981039346656037ull;
  for (char const c : std::string(path) + boost::json::serialize(request)) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

/// Whether a scalar of the request may stand for the answer's: the same JSON kind.
bool same_kind(boost::json::value const& a, boost::json::value const& b) {
  return (a.is_string() && b.is_string()) || (a.is_bool() && b.is_bool()) || (a.is_number() && b.is_number());
}

/// The answer as JSON, as the service writes it: a top-level scalar the request has under the same
/// name and kind is the request's (`given`), and `q` breaks it (`changed` set when it did). Inside
/// a union nothing is broken: which of its kinds a broken value reads as is another matter.
template <class T>
boost::json::value answer_json(T const& v, quirk q, bool& changed, boost::json::value const* given = nullptr) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::boolean) {
    bool const b = given && given->is_bool() ? given->get_bool() : v;
    if (q != quirk::strings_for_booleans) return b;
    changed = true;
    return b ? "enabled" : "disabled";
  } else if constexpr (kind == member_kind::optional) {
    return v ? answer_json(*v, q, changed, given) : boost::json::value(nullptr);
  } else if constexpr (kind == member_kind::sequence) {
    boost::json::array out;
    for (auto const& item : v) out.push_back(answer_json(item, q, changed));
    if constexpr (kind_v<typename T::value_type> == member_kind::object)
      if (q == quirk::object_for_array && out.size() == 1) {
        changed = true;
        return std::move(out[0]);
      }
    if (q != quirk::text_for_array) return out;
    changed = true;
    return boost::json::value(boost::json::serialize(out));
  } else if constexpr (kind == member_kind::object) {
    auto const* request = given ? given->if_object() : nullptr;  // the top level's scalars echo it
    boost::json::object out;
    boost::mp11::mp_for_each<genauth::detail::members_of<T>>([&](auto d) {
      auto const& member = v.*d.pointer;
      if constexpr (genauth::detail::is_optional_v<decltype(member)>)
        if (!member) return;
      constexpr auto key = genauth::json_key_v<decltype(d)>;
      auto const* scalar = request ? request->if_contains(key) : nullptr;  // scalars only: one level
      if (scalar && (scalar->is_object() || scalar->is_array())) scalar = nullptr;
      out.emplace(key, answer_json(member, q, changed, scalar));
    });
    return out;
  } else {
    auto out = genauth::to_json(v);  // a scalar, an enum, raw JSON, a union
    if (given && same_kind(*given, out)) out = *given;
    return out;
  }
}

/// What the request's path holds where the endpoint's has `{name}` segments, decoded, by name.
void path_values(std::string_view route, std::string_view path, boost::json::object& out) {
  while (!route.empty() && !path.empty()) {
    std::string_view const r = route.substr(0, route.find('/', 1)), p = path.substr(0, path.find('/', 1));
    if (r.starts_with("/{") && r.ends_with("}"))
      if (auto value = form_decode(p.substr(1))) out[r.substr(2, r.size() - 3)] = *value;
    route.remove_prefix(r.size());
    path.remove_prefix(p.size());
  }
}

}  // namespace

template <class R>
outcome service::generated(call& c) {
  boost::json::object request;
  if constexpr (R::method == genauth::http_method::get || R::method == genauth::http_method::delete_) {
    boost::mp11::mp_for_each<genauth::detail::members_of<R>>([&](auto d) {
      using M = std::remove_cvref_t<decltype(std::declval<R const&>().*d.pointer)>;
      constexpr auto key = genauth::json_key_v<decltype(d)>;
      if (auto const found = c.query.find(std::string(key)); found != c.query.end())
        request[key] = query_value<M>(found->second);
    });
  } else {
    request = c.body;
  }
  if constexpr (genauth::detail::has_path_parameters<R>) path_values(R::path, c.request.path(), request);
  R parsed{};  // read in place: from_json would compile a boost::system::result for every endpoint
  if (auto const e = genauth::detail::decode(boost::json::value(request), parsed))
    return fail({400, 0, "invalid request: " + e->message + (e->json_path.empty() ? "" : " at " + e->json_path)});
  using answer_type = typename R::response_type;
  if constexpr (std::is_void_v<answer_type>) {
    auto o = stored(R::path, request, nullptr);
    o.data.reset();  // an envelope without data
    return o;
  } else {
    answer_type answer{};
    synthesize(answer, seed_of(R::path, request), 0);
    bool changed = false;
    boost::json::value const asked = request;
    boost::json::value data = answer_json(answer, quirk_of(R::path), changed, &asked);
    quirked_answers_ += changed;
    if (auto* o = data.if_object(); o && o->contains("success") && o->at("success").is_bool())
      (*o)["success"] = true;  // what was accepted succeeded
    return stored(R::path, request, std::move(data));
  }
}

std::vector<service::route> service::generated_routes() {
  std::vector<route> out;
  auto const add = [&](auto endpoint, guard who) {
    using R = typename decltype(endpoint)::type;
    out.push_back({genauth::to_string(R::method), R::path, who, &service::generated<R>});
  };
  using boost::mp11::mp_identity;
  using boost::mp11::mp_transform;
  boost::mp11::mp_for_each<mp_transform<mp_identity, genauth::management::all_endpoints>>(
      [&](auto e) { add(e, guard::management); });
  boost::mp11::mp_for_each<mp_transform<mp_identity, genauth::authentication::all_endpoints>>(
      [&](auto e) {
        using R = typename decltype(e)::type;
        bool const app_too = genauth::detail::credential_of<R>() == genauth::credential::user_token_or_basic;
        add(e, app_too ? guard::user_or_app : guard::user);
      });
  return out;
}

}  // namespace genauth_emulator
