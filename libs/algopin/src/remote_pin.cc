#include "keyway/algopin/remote_pin.h"

#include "absl/strings/str_cat.h"

namespace keyway::algopin {
namespace {

constexpr uint64_t kPayloadLimit = uint64_t{1} << 30;

// Index ranges of the duration table (docs/algopin.md).
struct Band {
  int first_index, last_index;
  int first_count;
  absl::Duration unit;
};
constexpr Band kBands[] = {
    {2, 73, 1, absl::Hours(1)},          // 1-72 hours
    {74, 101, 4, absl::Hours(24)},       // 4-31 days
    {102, 123, 5, absl::Hours(24 * 7)},  // 5-26 weeks
    {124, 177, 7, absl::Hours(24 * 30)}, // 7-60 months of 30 days
};

}  // namespace

absl::Time FloorToHour(absl::Time t) {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(t) - ((absl::ToUnixSeconds(t) % 3600) + 3600) % 3600);
}

std::optional<absl::Duration> LengthOfIndex(int index) {
  for (const auto& b : kBands) {
    if (index >= b.first_index && index <= b.last_index) {
      return b.unit * (b.first_count + (index - b.first_index));
    }
  }
  return std::nullopt;
}

std::optional<int> LongestIndexWithin(absl::Duration max) {
  std::optional<int> best;
  for (int i = 2; i <= kLastLengthIndex; ++i) {
    if (*LengthOfIndex(i) <= max) best = i;  // lengths grow with the index
  }
  return best;
}

PinKind RemotePin::kind() const {
  if (length_index == kOneTimeIndex) return PinKind::kOneTime;
  if (length_index == kPermanentIndex) return PinKind::kPermanent;
  return PinKind::kDuration;
}

absl::Time RemotePin::end() const {
  switch (kind()) {
    case PinKind::kOneTime: return start + kActivationWindow;
    case PinKind::kPermanent: return absl::InfiniteFuture();
    case PinKind::kDuration: return start + LengthOfIndex(length_index).value_or(absl::ZeroDuration());
  }
  return start;
}

absl::StatusOr<PinCodec> PinCodec::Create(const std::string& secret, const std::string& lock_id,
                                          absl::Time epoch) {
  if (secret.size() != 32) return absl::InvalidArgumentError("a lock secret is 32 bytes");
  if (lock_id.size() != 16) return absl::InvalidArgumentError("a lock id is 16 bytes");
  auto ff1 = Ff1::Create(secret, 10);
  if (!ff1.ok()) return ff1.status();
  return PinCodec(std::move(*ff1), lock_id, FloorToHour(epoch));
}

absl::StatusOr<std::string> PinCodec::Encode(const RemotePin& pin) const {
  if (FloorToHour(pin.start) != pin.start) {
    return absl::InvalidArgumentError("a Remote PIN starts on a whole hour");
  }
  int64_t hours = absl::ToInt64Hours(pin.start - epoch_);
  if (pin.start < epoch_ || hours >= kStartHours) {
    return absl::InvalidArgumentError("the start is outside the lock's 15 years of PIN time");
  }
  if (pin.length_index < 0 || pin.length_index > kLastLengthIndex) {
    return absl::InvalidArgumentError("not a Remote PIN length");
  }
  if (pin.nonce >= kNonceCount) return absl::InvalidArgumentError("the nonce is below 32");
  uint64_t payload = (static_cast<uint64_t>(hours) << 13) |
                     (static_cast<uint64_t>(pin.length_index) << 5) | pin.nonce;
  Numerals digits(kPinDigits);
  for (int i = kPinDigits - 1; i >= 0; --i) {
    digits[i] = static_cast<uint32_t>(payload % 10);
    payload /= 10;
  }
  auto code = ff1_.Encrypt(tweak_, digits);
  if (!code.ok()) return code.status();
  return FormatNumerals(*code);
}

std::optional<RemotePin> PinCodec::Decode(const std::string& code) const {
  if (code.size() != kPinDigits) return std::nullopt;
  auto digits = ParseNumerals(code, 10);
  if (!digits.ok()) return std::nullopt;
  auto plain = ff1_.Decrypt(tweak_, *digits);
  if (!plain.ok()) return std::nullopt;
  uint64_t payload = 0;
  for (uint32_t d : *plain) payload = payload * 10 + d;
  if (payload >= kPayloadLimit) return std::nullopt;
  RemotePin pin;
  pin.nonce = static_cast<uint32_t>(payload & 31);
  pin.length_index = static_cast<int>((payload >> 5) & 255);
  if (pin.length_index > kLastLengthIndex) return std::nullopt;
  pin.start = epoch_ + absl::Hours(static_cast<int64_t>(payload >> 13));
  return pin;
}

}  // namespace keyway::algopin
