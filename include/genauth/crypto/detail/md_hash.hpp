#pragma once

#include <genauth/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace crypto::detail {

/// What SHA-1 and SHA-256 share (FIPS 180-4): 64-byte blocks, padding with a 64-bit big-endian
/// bit count, big-endian words out. `Hash` names its digest size and provides compress().
template <class Hash, std::size_t Words>
class md_hash {
 public:
  static constexpr std::size_t block_size = 64;  ///< bytes of a block

  /// Hashes `data` after what came before.
  Hash& update(std::span<std::uint8_t const> data) noexcept {
    std::uint8_t const* p = data.data();
    std::size_t n = data.size();
    length_ += n;
    if (fill_ != 0) {  // complete the block begun by an earlier update
      std::size_t const take = n < block_size - fill_ ? n : block_size - fill_;
      std::memcpy(block_ + fill_, p, take);
      fill_ += take, p += take, n -= take;
      if (fill_ < block_size) return self();
      Hash::compress(h_.data(), block_, 1);
      fill_ = 0;
    }
    if (std::size_t const whole = n / block_size; whole != 0) {  // whole blocks in place
      Hash::compress(h_.data(), p, whole);
      p += whole * block_size, n -= whole * block_size;
    }
    if (n != 0) std::memcpy(block_, p, n);
    fill_ = n;
    return self();
  }

  /// Hashes the bytes of `text` after what came before.
  Hash& update(std::string_view text) noexcept {
    return update(std::span(reinterpret_cast<std::uint8_t const*>(text.data()), text.size()));
  }

  /// Pads, and returns the digest of everything hashed; the object is spent.
  [[nodiscard]] std::array<std::uint8_t, 4 * Words> finish() noexcept {
    std::uint64_t const bits = length_ * 8;
    block_[fill_++] = 0x80;
    if (fill_ > block_size - 8) {
      std::memset(block_ + fill_, 0, block_size - fill_);
      Hash::compress(h_.data(), block_, 1);
      fill_ = 0;
    }
    std::memset(block_ + fill_, 0, block_size - 8 - fill_);
    for (std::size_t k = 0; k < 8; ++k) block_[block_size - 1 - k] = static_cast<std::uint8_t>(bits >> (8 * k));
    Hash::compress(h_.data(), block_, 1);
    std::array<std::uint8_t, 4 * Words> out{};
    for (std::size_t k = 0; k < Words; ++k)
      for (std::size_t b = 0; b < 4; ++b) out[4 * k + b] = static_cast<std::uint8_t>(h_[k] >> (24 - 8 * b));
    return out;
  }

 protected:
  explicit md_hash(std::array<std::uint32_t, Words> initial) noexcept : h_(initial) {}

 private:
  Hash& self() noexcept { return static_cast<Hash&>(*this); }

  std::array<std::uint32_t, Words> h_;
  std::uint8_t block_[block_size] = {};
  std::size_t fill_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace crypto::detail
GENAUTH_NAMESPACE_END
