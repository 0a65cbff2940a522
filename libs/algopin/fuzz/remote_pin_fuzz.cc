// What a keypad reads is typed by anyone at the door; what a lock opens of
// a Custom PIN came over the network. Input: a first byte picking the part,
// then the bytes. A code decodes to a PIN that encodes back to the same
// digits, or to nothing; the verifier answers whatever it is given; a sealed
// envelope nobody sealed never opens.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keyway/algopin/custom_pin.h"
#include "keyway/algopin/remote_pin.h"
#include "keyway/algopin/verifier.h"

namespace {

using namespace keyway::algopin;

const std::string kSecret(32, 's');
const std::string kLockId(16, 'l');
const absl::Time kEpoch = absl::FromUnixSeconds(1'772'323'200);  // 2026-03-01

const PinCodec& Codec() {
  static const PinCodec* codec = new PinCodec(*PinCodec::Create(kSecret, kLockId, kEpoch));
  return *codec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto pin = Codec().Decode(input);
      if (!pin) break;
      auto again = Codec().Encode(*pin);
      if (!again.ok() || *again != input) std::abort();
      break;
    }
    case 1: {
      // The lock's time: somewhere in its first years, from the input's tail.
      RemotePinVerifier verifier(*PinCodec::Create(kSecret, kLockId, kEpoch));
      const absl::Time now = kEpoch + absl::Hours(input.size() * 97 % 40'000);
      PinCheck first = verifier.Check(input, now);
      PinCheck second = verifier.Check(input, now);
      if (first == PinCheck::kNotACode && second != PinCheck::kNotACode) std::abort();
      break;
    }
    case 2: {
      // Without the seal key nothing opens: a forged envelope is refused.
      if (OpenCustomPin(kSecret, input).ok()) std::abort();
      (void)ValidateCustomPinDigits(input);
      break;
    }
  }
  return 0;
}
