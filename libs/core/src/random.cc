#include "keyway/core/random.h"

#include <sodium.h>

#include <stdexcept>

#include "absl/strings/str_format.h"
#include "keyway/core/encoding.h"
#include "keyway/core/hash.h"

namespace keyway::core {
namespace {

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

std::string RandomBytes(size_t n) {
  EnsureSodium();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string RandomToken(size_t bytes) { return Base64UrlEncode(RandomBytes(bytes)); }

uint32_t RandomBelow(uint32_t upper_bound) {
  EnsureSodium();
  return randombytes_uniform(upper_bound);
}

namespace {

// 16 bytes as a UUID of `version`, in canonical text form.
std::string FormatUuid(std::string b, int version) {
  b[6] = static_cast<char>((b[6] & 0x0f) | (version << 4));
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string hex = HexEncode(b);
  return absl::StrFormat("%s-%s-%s-%s-%s", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                         hex.substr(16, 4), hex.substr(20));
}

}  // namespace

std::string NewUuid() { return FormatUuid(RandomBytes(16), 4); }

std::string UuidFromName(absl::string_view name) {
  return FormatUuid(Sha256(name).substr(0, 16), 8);
}

}  // namespace keyway::core
