#pragma once
// Limits that two services must agree on: one side refusing what the other
// sends in the normal course (a department with more locks than a scope check
// takes) would make an operation impossible rather than bounded.

namespace keyway::core {

// The most lock ids one request between services carries: CheckLockScope,
// GetLockPinFacts, the locks of a property or department that a list filters by.
inline constexpr int kMaxLocksPerRequest = 10'000;

}  // namespace keyway::core
