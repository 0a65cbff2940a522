#include "keyway/core/seal.h"

#include <sodium.h>

#include "keyway/core/encoding.h"
#include "keyway/core/random.h"

namespace keyway::core {

absl::StatusOr<std::string> ParseKeyEncryptionKey(const std::string& text) {
  auto key = Base64UrlDecode(text);
  if (!key || key->size() != kKeyEncryptionKeyBytes) {
    return absl::InvalidArgumentError(
        "the key-encryption key must be 32 random bytes in unpadded base64url "
        "(for example: head -c32 /dev/urandom | basenc --base64url | tr -d =)");
  }
  return *key;
}

std::string Seal(const std::string& kek, const std::string& plaintext) {
  std::string nonce = RandomBytes(crypto_secretbox_NONCEBYTES);
  std::string out = nonce;
  out.resize(nonce.size() + crypto_secretbox_MACBYTES + plaintext.size());
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(out.data() + nonce.size()),
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        reinterpret_cast<const unsigned char*>(nonce.data()),
                        reinterpret_cast<const unsigned char*>(kek.data()));
  return out;
}

absl::StatusOr<std::string> Unseal(const std::string& kek, const std::string& sealed) {
  constexpr size_t kOverhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (kek.size() != kKeyEncryptionKeyBytes || sealed.size() < kOverhead) {
    return absl::DataLossError("sealed secret is malformed");
  }
  std::string plain(sealed.size() - kOverhead, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plain.data()),
          reinterpret_cast<const unsigned char*>(sealed.data() + crypto_secretbox_NONCEBYTES),
          sealed.size() - crypto_secretbox_NONCEBYTES,
          reinterpret_cast<const unsigned char*>(sealed.data()),
          reinterpret_cast<const unsigned char*>(kek.data())) != 0) {
    return absl::DataLossError(
        "sealed secret does not open with this key-encryption key (wrong key or altered data)");
  }
  return plain;
}

}  // namespace keyway::core
