#include "keyway/algopin/verifier.h"

#include "absl/strings/str_cat.h"

namespace keyway::algopin {

const char* PinCheckName(PinCheck c) {
  switch (c) {
    case PinCheck::kOpen: return "open";
    case PinCheck::kNotACode: return "not a code";
    case PinCheck::kNotYetValid: return "not yet valid";
    case PinCheck::kExpiredUnused: return "expired unused";
    case PinCheck::kEnded: return "ended";
    case PinCheck::kAlreadyUsed: return "already used";
    case PinCheck::kRevoked: return "revoked";
  }
  return "?";
}

RemotePinVerifier::Key RemotePinVerifier::KeyOf(const RemotePin& pin) {
  return {absl::ToUnixSeconds(pin.start), pin.length_index, pin.nonce};
}

void RemotePinVerifier::Forget(absl::Time now) {
  for (auto* table : {&activated_, &revoked_}) {
    for (auto it = table->begin(); it != table->end();) {
      it = it->second <= now ? table->erase(it) : std::next(it);
    }
  }
}

void RemotePinVerifier::Revoke(const RemotePin& pin) {
  // A PIN that never activated stops mattering when its activation window closes.
  absl::Time until = std::max(pin.end(), pin.start + kActivationWindow + kClockSkew);
  revoked_[KeyOf(pin)] = until;
}

PinCheck RemotePinVerifier::Check(const std::string& code, absl::Time now) {
  Forget(now);
  auto pin = codec_.Decode(code);
  if (!pin) return PinCheck::kNotACode;
  Key key = KeyOf(*pin);
  if (revoked_.count(key)) return PinCheck::kRevoked;
  if (activated_.count(key)) {
    return pin->kind() == PinKind::kOneTime ? PinCheck::kAlreadyUsed : PinCheck::kOpen;
  }
  if (now < pin->start - kClockSkew) return PinCheck::kNotYetValid;
  if (now >= pin->end()) return PinCheck::kEnded;
  if (now > pin->start + kActivationWindow + kClockSkew) return PinCheck::kExpiredUnused;
  // First use, in time: remembered until the PIN ends (a one-time PIN until
  // its window closes, so it cannot be used twice).
  activated_[key] = pin->kind() == PinKind::kOneTime
                        ? pin->start + kActivationWindow + kClockSkew
                        : pin->end();
  return PinCheck::kOpen;
}

absl::Status CheckIssuableStart(absl::Time start, absl::Time now) {
  if (FloorToHour(start) != start) {
    return absl::InvalidArgumentError("a Remote PIN starts on a whole hour");
  }
  if (start < FloorToHour(now)) {
    return absl::InvalidArgumentError("a Remote PIN cannot start in the past (A3)");
  }
  if (start > now + absl::Hours(24 * 14)) {
    return absl::InvalidArgumentError("a Remote PIN starts at most 14 days from now (A3)");
  }
  return absl::OkStatus();
}

}  // namespace keyway::algopin
