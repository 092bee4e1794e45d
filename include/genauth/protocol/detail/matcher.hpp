#pragma once

#include <genauth/config.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Many byte strings found in one pass over a text (Aho-Corasick): building costs the patterns'
/// total length, a scan the text's length, however many patterns there are and however they
/// overlap. Redaction looks for every value of a request at once with it.
class multi_matcher {
 public:
  /// Adds a pattern; the empty one is ignored. Call before the first scan.
  void add(std::string_view pattern) {
    if (pattern.empty()) return;
    if (nodes_.empty()) nodes_.emplace_back();
    std::uint32_t at = 0;
    for (char const c : pattern) {
      auto const byte = static_cast<unsigned char>(c);
      std::uint32_t next = child(at, byte);
      if (next == 0) {
        next = static_cast<std::uint32_t>(nodes_.size());
        nodes_.emplace_back().depth = nodes_[at].depth + 1;
        nodes_[at].edges.push_back({byte, next});
      }
      at = next;
    }
    nodes_[at].longest = nodes_[at].depth;
    built_ = false;
  }

  [[nodiscard]] bool empty() const noexcept { return nodes_.empty(); }

  /// Calls `found(end, length)` for every offset of `text` where a pattern ends, with the longest
  /// pattern that ends there (any shorter one lies inside it), in increasing order of `end`.
  template <class Found>
  void scan(std::string_view text, Found&& found) {
    if (nodes_.empty()) return;
    if (!built_) build();
    std::uint32_t at = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto const byte = static_cast<unsigned char>(text[i]);
      std::uint32_t next = child(at, byte);
      while (next == 0 && at != 0) {
        at = nodes_[at].fail;
        next = child(at, byte);
      }
      at = next;
      if (nodes_[at].longest != 0) found(i + 1, static_cast<std::size_t>(nodes_[at].longest));
    }
  }

 private:
  struct edge {
    unsigned char byte;
    std::uint32_t to;
  };
  struct node {
    std::vector<edge> edges;    // sorted by byte once built
    std::uint32_t fail = 0;     // the node of the longest proper suffix that is in the trie
    std::uint32_t depth = 0;
    std::uint32_t longest = 0;  // the longest pattern that is a suffix of this node; 0: none
  };

  [[nodiscard]] std::uint32_t child(std::uint32_t at, unsigned char byte) const noexcept {
    auto const& e = nodes_[at].edges;
    if (built_) {
      std::size_t lo = 0, hi = e.size();  // binary search
      while (lo < hi) {
        std::size_t const mid = (lo + hi) / 2;
        if (e[mid].byte < byte)
          lo = mid + 1;
        else
          hi = mid;
      }
      return lo < e.size() && e[lo].byte == byte ? e[lo].to : 0;
    }
    for (auto const x : e)
      if (x.byte == byte) return x.to;
    return 0;
  }

  /// Failure links breadth first: a node's fail is found from its parent's, so parents come first.
  void build() {
    for (auto& n : nodes_)  // insertion sort: most nodes have one edge, and it compiles small
      for (std::size_t i = 1; i < n.edges.size(); ++i)
        for (std::size_t j = i; j > 0 && n.edges[j].byte < n.edges[j - 1].byte; --j)
          std::swap(n.edges[j], n.edges[j - 1]);
    built_ = true;
    std::vector<std::uint32_t> order;
    order.reserve(nodes_.size());
    for (auto const e : nodes_[0].edges) order.push_back(e.to);  // their fail is the root
    for (std::size_t i = 0; i < order.size(); ++i) {
      std::uint32_t const parent = order[i];
      for (auto const e : nodes_[parent].edges) {
        std::uint32_t f = nodes_[parent].fail;
        std::uint32_t next = child(f, e.byte);
        while (next == 0 && f != 0) {
          f = nodes_[f].fail;
          next = child(f, e.byte);
        }
        auto& n = nodes_[e.to];
        n.fail = next;
        n.longest = (std::max)(n.longest, nodes_[next].longest);
        order.push_back(e.to);
      }
    }
  }

  std::vector<node> nodes_;
  bool built_ = false;
};

}  // namespace detail
GENAUTH_NAMESPACE_END
