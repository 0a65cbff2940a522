#include "keyway/jobseal/job_result.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"
#include "keyway/core/hash.h"

namespace keyway::jobseal {
namespace {

struct KeyPair {
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
};

KeyPair Derive(const std::string& lock_secret) {
  static_assert(crypto_sign_SEEDBYTES == 32);
  const std::string seed = core::HmacSha256(lock_secret, "keyway job results v1");
  KeyPair keys;
  crypto_sign_seed_keypair(keys.public_key, keys.secret_key,
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return keys;
}

// Each field with its length, so that no two different facts read the same.
std::string Message(const JobResultFacts& f) {
  return absl::StrCat("keyway job result v1|", f.lock_id.size(), ":", f.lock_id, "|",
                      f.job_id.size(), ":", f.job_id, "|", static_cast<int>(f.outcome), "|",
                      f.reason.size(), ":", f.reason);
}

}  // namespace

std::string ResultKey(const std::string& lock_secret) {
  KeyPair keys = Derive(lock_secret);
  std::string out(reinterpret_cast<const char*>(keys.public_key), sizeof keys.public_key);
  sodium_memzero(keys.secret_key, sizeof keys.secret_key);
  return out;
}

std::string SignResult(const std::string& lock_secret, const JobResultFacts& facts) {
  KeyPair keys = Derive(lock_secret);
  const std::string message = Message(facts);
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       keys.secret_key);
  sodium_memzero(keys.secret_key, sizeof keys.secret_key);
  return signature;
}

bool VerifyResult(const std::string& result_key, const JobResultFacts& facts,
                  const std::string& signature) {
  if (result_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  const std::string message = Message(facts);
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(),
                                     reinterpret_cast<const unsigned char*>(result_key.data())) == 0;
}

}  // namespace keyway::jobseal
