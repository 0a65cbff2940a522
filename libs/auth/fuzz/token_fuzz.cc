// Bearer tokens are the first bytes every service reads from a stranger.
// Input: a first byte that picks the form, then either the token itself, or
// a header and payload (split at the first NUL) that the fuzzer signs with
// its own key ("KID" in the header stands for its key id), so that the
// claims behind a valid signature are reached too.
// Whatever comes, Verify answers OK or UNAUTHENTICATED; it never throws.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keyway/auth/token.h"

namespace {

using keyway::auth::KeySet;
using keyway::auth::SigningKey;

const SigningKey& FuzzKey() {
  static const SigningKey* key = new SigningKey(*SigningKey::FromSeed(std::string(32, 'k')));
  return *key;
}

const KeySet& Keys() {
  static const KeySet* keys = [] {
    auto* k = new KeySet();
    (void)k->Add(FuzzKey().public_key());
    return k;
  }();
  return *keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string token = input;
  if (data[0] & 1) {
    auto nul = input.find('\0');
    std::string header = input.substr(0, nul);
    // Seeds cannot know the key id: "KID" in a header stands for it.
    if (auto at = header.find("KID"); at != std::string::npos) {
      header.replace(at, 3, FuzzKey().key_id());
    }
    token = FuzzKey().SignCompact(header, nul == std::string::npos ? "" : input.substr(nul + 1));
  }
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  auto claims = Keys().Verify(token, now);
  if (claims.ok()) {
    // What is accepted is a whole principal, still valid now.
    if (claims->principal.role == keyway::auth::Role::kUnspecified) std::abort();
    if (claims->expires_at <= now) std::abort();
  } else if (claims.status().code() != absl::StatusCode::kUnauthenticated) {
    std::abort();
  }
  return 0;
}
