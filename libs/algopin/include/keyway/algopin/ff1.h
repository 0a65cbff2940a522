#pragma once
// NIST SP 800-38G FF1: format-preserving encryption of numeral strings
// (digits in any radix) with AES as the block cipher, from OpenSSL.
// The core of AlgoPIN: a PIN encrypts to a PIN of the same length.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace keyway::algopin {

using Numerals = std::vector<uint32_t>;

class Ff1 {
 public:
  // `key`: 16, 24 or 32 bytes (AES-128/192/256). `radix`: 2 to 65536.
  static absl::StatusOr<Ff1> Create(const std::string& key, uint32_t radix);
  Ff1(Ff1&&) noexcept;
  Ff1& operator=(Ff1&&) noexcept;
  ~Ff1();

  // INVALID_ARGUMENT for a numeral not below the radix, or a length outside
  // [minlen, 2^32) where radix^minlen >= 1,000,000 (SP 800-38G Rev. 1).
  absl::StatusOr<Numerals> Encrypt(const std::string& tweak, const Numerals& x) const;
  absl::StatusOr<Numerals> Decrypt(const std::string& tweak, const Numerals& x) const;

  uint32_t radix() const { return radix_; }
  // The shortest message the domain-size rule allows for this radix.
  size_t min_length() const { return min_length_; }

 private:
  struct Cipher;
  Ff1(std::unique_ptr<Cipher> cipher, uint32_t radix);
  absl::StatusOr<Numerals> Run(const std::string& tweak, const Numerals& x, bool encrypt) const;

  std::unique_ptr<Cipher> cipher_;
  uint32_t radix_;
  size_t min_length_;
};

// Numeral strings as text, with digits then lower-case letters ("0-9a-z"),
// for radix up to 36.
absl::StatusOr<Numerals> ParseNumerals(const std::string& text, uint32_t radix);
std::string FormatNumerals(const Numerals& x);

}  // namespace keyway::algopin
