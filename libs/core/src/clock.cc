#include "keyway/core/clock.h"

namespace keyway::core {

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace keyway::core
