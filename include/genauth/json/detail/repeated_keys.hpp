#pragma once

#include <genauth/config.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Whether the JSON `text`, which parsed into `parsed`, repeats a key in any of its objects, at
/// any depth. The parser keeps one value of a repeated key, so some object of the tree then has
/// fewer members than in the text: the member counts of the objects, in the order their braces
/// open, are compared (keys compare after unescaping, as the parser reads them).
[[nodiscard]] inline bool repeats_a_key(std::string_view text, boost::json::value const& parsed) {
  std::vector<std::size_t> in_text;
  struct level {
    std::size_t object;  // index in in_text; npos for an array
    std::size_t commas = 0;
    bool empty = true;
  };
  constexpr std::size_t array = static_cast<std::size_t>(-1);
  std::vector<level> open;
  bool in_string = false, escaped = false;
  auto const something = [&open] {
    if (!open.empty()) open.back().empty = false;
  };
  for (char const c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case ' ': case '\t': case '\n': case '\r': break;
      case '"':
        something();
        in_string = true;
        break;
      case '{':
        something();
        in_text.push_back(0);
        open.push_back({in_text.size() - 1});
        break;
      case '[':
        something();
        open.push_back({array});
        break;
      case '}':
      case ']':
        if (open.empty()) return true;  // not the text that parsed
        if (open.back().object != array) in_text[open.back().object] = open.back().empty ? 0 : open.back().commas + 1;
        open.pop_back();
        break;
      case ',':
        if (!open.empty()) ++open.back().commas;
        break;
      default: something();
    }
  }
  std::vector<std::size_t> in_tree;
  std::vector<boost::json::value const*> pending{&parsed};
  while (!pending.empty()) {  // pre-order, as the text's braces open
    auto const* v = pending.back();
    pending.pop_back();
    if (auto const* o = v->if_object()) {
      in_tree.push_back(o->size());
      for (auto it = o->end(); it != o->begin();) pending.push_back(&(--it)->value());
    } else if (auto const* a = v->if_array()) {
      for (auto it = a->end(); it != a->begin();) pending.push_back(&*--it);
    }
  }
  return in_text != in_tree;
}

}  // namespace detail
GENAUTH_NAMESPACE_END
