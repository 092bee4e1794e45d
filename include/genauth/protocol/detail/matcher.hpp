#pragma once

#include <genauth/config.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Many byte strings found in one pass over a text (Aho-Corasick): building costs the patterns'
/// total length, a scan the text's length, however many patterns there are and however they
/// overlap. Redaction looks for every value of a request at once with it.
class multi_matcher {
 public:
  using span = std::pair<std::size_t, std::size_t>;  // [begin, end)

  /// Adds a pattern; the empty one is ignored. Call before the first scan.
  void add(std::string_view pattern) {
    if (pattern.empty()) return;
    if (nodes_.empty()) nodes_.emplace_back();
    std::uint32_t at = 0;
    for (char const c : pattern) {
      auto const byte = static_cast<unsigned char>(c);
      std::uint32_t next = nodes_[at].first_child;
      while (next != 0 && nodes_[next].byte != byte) next = nodes_[next].next_sibling;
      if (next == 0) {  // a new node, first among its siblings
        next = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back({byte, nodes_[at].depth + 1, nodes_[at].first_child});
        nodes_[at].first_child = next;
      }
      at = next;
    }
    nodes_[at].longest = nodes_[at].depth;
    edges_.clear();
  }

  [[nodiscard]] bool empty() const noexcept { return nodes_.empty(); }

  /// Adds to `spans` (which come in order of their ends) where the patterns occur in `text`, the
  /// longest pattern at each end (any shorter one lies inside it), as offsets through `origin`
  /// (one more entry than `text` has bytes) when it is given. A span that starts inside the ones
  /// before it joins them; spans that only touch stay apart.
  void scan(std::string_view text, std::vector<span>& spans, std::size_t const* origin = nullptr) {
    if (nodes_.empty()) return;
    if (edges_.empty()) build();
    std::uint32_t at = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto const byte = static_cast<unsigned char>(text[i]);
      std::uint32_t next = child(at, byte);
      while (next == 0 && at != 0) {
        at = nodes_[at].fail;
        next = child(at, byte);
      }
      at = next;
      if (std::size_t const length = nodes_[at].longest; length != 0) {
        span const s{i + 1 - length, i + 1};
        join(spans, origin ? span{origin[s.first], origin[s.second]} : s);
      }
    }
  }

  static void join(std::vector<span>& spans, span s) {
    while (!spans.empty() && s.first < spans.back().second) {
      s.first = (std::min)(s.first, spans.back().first);
      spans.pop_back();
    }
    spans.push_back(s);
  }

 private:
  struct node {
    unsigned char byte = 0;         // the edge from the parent
    std::uint32_t depth = 0;
    std::uint32_t next_sibling = 0;  // while adding: the children as a list
    std::uint32_t first_child = 0;
    std::uint32_t fail = 0;     // the node of the longest proper suffix that is in the trie
    std::uint32_t longest = 0;  // the longest pattern that is a suffix of this node; 0: none
    std::uint32_t edges = 0;    // once built: the children are edges_[edges, edges_end)
    std::uint32_t edges_end = 0;
  };

  /// The child of `at` along `byte`, 0 if none (the root is no node's child): a binary search
  /// of its children, which build() sorted.
  [[nodiscard]] std::uint32_t child(std::uint32_t at, unsigned char byte) const noexcept {
    std::uint32_t lo = nodes_[at].edges, hi = nodes_[at].edges_end;
    while (lo < hi) {
      std::uint32_t const mid = lo + (hi - lo) / 2;
      if (nodes_[edges_[mid]].byte < byte)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo < nodes_[at].edges_end && nodes_[edges_[lo]].byte == byte ? edges_[lo] : 0;
  }

  /// Breadth first, as a node's fail is found from its parent's: lays each node's children out
  /// in edges_, sorted by byte (insertion sort: most nodes have one child), then its fail link.
  void build() {
    edges_.push_back(0);  // edges_[0]: the root, which is where breadth first starts
    for (std::size_t i = 0; i < edges_.size(); ++i) {
      node& parent = nodes_[edges_[i]];
      parent.edges = static_cast<std::uint32_t>(edges_.size());
      for (std::uint32_t c = parent.first_child; c != 0; c = nodes_[c].next_sibling) {
        std::size_t j = edges_.size();
        edges_.push_back(c);
        for (; j > parent.edges && nodes_[edges_[j - 1]].byte > nodes_[c].byte; --j) edges_[j] = edges_[j - 1];
        edges_[j] = c;
      }
      parent.edges_end = static_cast<std::uint32_t>(edges_.size());
    }
    for (std::size_t i = 1; i < edges_.size(); ++i) {  // the root's children fail to the root
      std::uint32_t const parent = edges_[i];
      for (std::uint32_t e = nodes_[parent].edges; e < nodes_[parent].edges_end; ++e) {
        node& n = nodes_[edges_[e]];
        std::uint32_t f = nodes_[parent].fail;
        std::uint32_t next = child(f, n.byte);
        while (next == 0 && f != 0) {
          f = nodes_[f].fail;
          next = child(f, n.byte);
        }
        n.fail = next;
        n.longest = (std::max)(n.longest, nodes_[next].longest);
      }
    }
  }

  std::vector<node> nodes_;
  std::vector<std::uint32_t> edges_;  // every node once, breadth first; empty until built
};

}  // namespace detail
GENAUTH_NAMESPACE_END
