#include "keyway/core/sealed_box.h"

#include <sodium.h>

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "keyway/core/encoding.h"

namespace keyway::core {
namespace {

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

BoxKeyPair NewBoxKeyPair() {
  BoxKeyPair k{std::string(crypto_box_PUBLICKEYBYTES, '\0'),
               std::string(crypto_box_SECRETKEYBYTES, '\0')};
  crypto_box_keypair(reinterpret_cast<unsigned char*>(k.public_key.data()),
                     reinterpret_cast<unsigned char*>(k.secret_key.data()));
  return k;
}

BoxKeyPair BoxKeyPairOf(absl::string_view secret_key) {
  if (secret_key.size() != crypto_box_SECRETKEYBYTES) {
    throw std::invalid_argument("BoxKeyPairOf needs a 32-byte secret key");
  }
  BoxKeyPair k{std::string(crypto_box_PUBLICKEYBYTES, '\0'), std::string(secret_key)};
  crypto_scalarmult_base(reinterpret_cast<unsigned char*>(k.public_key.data()), Bytes(secret_key));
  return k;
}

absl::StatusOr<std::string> ParseBoxKey(absl::string_view text, absl::string_view what) {
  auto bytes = Base64UrlDecode(text);
  if (!bytes || bytes->size() != kBoxKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be 32 bytes in unpadded base64url (43 characters)"));
  }
  return *bytes;
}

std::string SealFor(absl::string_view public_key, absl::string_view plaintext) {
  if (public_key.size() != crypto_box_PUBLICKEYBYTES) {
    throw std::invalid_argument("SealFor needs a 32-byte public key");
  }
  std::string out(plaintext.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(out.data()), Bytes(plaintext), plaintext.size(),
                  Bytes(public_key));
  return out;
}

absl::StatusOr<std::string> OpenSealed(const BoxKeyPair& keys, absl::string_view sealed) {
  if (keys.public_key.size() != crypto_box_PUBLICKEYBYTES ||
      keys.secret_key.size() != crypto_box_SECRETKEYBYTES || sealed.size() < crypto_box_SEALBYTES) {
    return absl::DataLossError("not a sealed box for this key");
  }
  std::string out(sealed.size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(out.data()), Bytes(sealed),
                           sealed.size(), Bytes(keys.public_key), Bytes(keys.secret_key)) != 0) {
    return absl::DataLossError("the sealed box was altered or sealed for another key");
  }
  return out;
}

}  // namespace keyway::core
