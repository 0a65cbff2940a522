#pragma once
// The lock's side of AlgoPIN: what the keypad does with a typed 10-digit
// code, offline. Remembers only activated, used and revoked PINs.

#include <map>
#include <string>
#include <tuple>

#include "absl/time/time.h"
#include "keyway/algopin/remote_pin.h"

namespace keyway::algopin {

// The lock accepts a first use this long before the start (its clock may run fast).
inline constexpr absl::Duration kClockSkew = absl::Minutes(15);

enum class PinCheck {
  kOpen,            // the door opens
  kNotACode,        // not a Remote PIN of this lock
  kNotYetValid,     // before its start
  kExpiredUnused,   // not used within 24 hours of its start (A3)
  kEnded,           // past its end
  kAlreadyUsed,     // a one-time PIN, used before
  kRevoked,         // deleted
};

const char* PinCheckName(PinCheck c);

class RemotePinVerifier {
 public:
  explicit RemotePinVerifier(PinCodec codec) : codec_(std::move(codec)) {}

  // Checks a typed code at the lock's time `now`; a first use is recorded.
  PinCheck Check(const std::string& code, absl::Time now);
  // A revoke job: the PIN never opens again.
  void Revoke(const RemotePin& pin);

  // How many PINs the lock remembers (activated, used, revoked).
  size_t remembered() const { return activated_.size() + revoked_.size(); }

 private:
  using Key = std::tuple<int64_t, int, uint32_t>;  // start, length index, nonce
  static Key KeyOf(const RemotePin& pin);
  void Forget(absl::Time now);  // drops what has ended

  PinCodec codec_;
  std::map<Key, absl::Time> activated_;  // until its end (one-time: used until its window closes)
  std::map<Key, absl::Time> revoked_;    // until its end
};

// A3, at issue time: a start on a whole hour, not before the current hour,
// at most 14 days ahead. INVALID_ARGUMENT saying which.
absl::Status CheckIssuableStart(absl::Time start, absl::Time now);

}  // namespace keyway::algopin
