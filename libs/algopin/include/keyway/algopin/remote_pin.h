#pragma once
// Remote PINs (AlgoPIN, rules A2-A4): 10-digit codes that carry their own
// kind and validity window, encrypted with FF1 under the lock's secret.
// docs/algopin.md describes the layout and why it is safe.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "keyway/algopin/ff1.h"

namespace keyway::algopin {

inline constexpr int kPinDigits = 10;
inline constexpr int kOneTimeIndex = 0;
inline constexpr int kPermanentIndex = 1;
inline constexpr int kLastLengthIndex = 177;
inline constexpr uint32_t kNonceCount = 32;
inline constexpr int64_t kStartHours = int64_t{1} << 17;  // about 15 years from the epoch
inline constexpr absl::Duration kActivationWindow = absl::Hours(24);  // A3

enum class PinKind { kOneTime, kPermanent, kDuration };

// The length of a duration PIN for a table index 2-177; nullopt otherwise.
std::optional<absl::Duration> LengthOfIndex(int index);
// The index of the longest table length that is not longer than `max`;
// nullopt when even one hour is longer.
std::optional<int> LongestIndexWithin(absl::Duration max);

struct RemotePin {
  absl::Time start;   // a whole hour (UTC)
  int length_index;   // kOneTimeIndex, kPermanentIndex, or 2-177
  uint32_t nonce;     // below kNonceCount

  PinKind kind() const;
  // One-time: the end of its 24-hour window. Permanent: never.
  absl::Time end() const;
  bool operator==(const RemotePin&) const = default;
};

// Encodes and decodes the Remote PINs of one lock.
class PinCodec {
 public:
  // `secret`: the lock's 32-byte secret. `lock_id`: its 16-byte id (the
  // FF1 tweak). `epoch`: its pairing time; starts count whole hours from it.
  static absl::StatusOr<PinCodec> Create(const std::string& secret, const std::string& lock_id,
                                         absl::Time epoch);

  // INVALID_ARGUMENT for a start not on a whole hour, before the epoch or
  // past its 15 years, or a bad length index or nonce.
  absl::StatusOr<std::string> Encode(const RemotePin& pin) const;
  // nullopt for anything that is not a code of this lock: the wrong length,
  // a non-digit, or digits that decrypt to no valid payload.
  std::optional<RemotePin> Decode(const std::string& code) const;

  absl::Time epoch() const { return epoch_; }

 private:
  PinCodec(Ff1 ff1, std::string tweak, absl::Time epoch)
      : ff1_(std::move(ff1)), tweak_(std::move(tweak)), epoch_(epoch) {}
  Ff1 ff1_;
  std::string tweak_;
  absl::Time epoch_;
};

// The hour at or before `t` (UTC).
absl::Time FloorToHour(absl::Time t);

}  // namespace keyway::algopin
