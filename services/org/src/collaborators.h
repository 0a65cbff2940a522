#pragma once
// What org needs to know from other services, behind interfaces so that the
// logic can be tested with them driven directly.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "keyway/auth/principal.h"

namespace keyway::org {

// Users live in identity.
class Directory {
 public:
  virtual ~Directory() = default;
  struct NewOwner {
    std::string user_id;
    std::string invitation_token;
  };
  // Operator: the first Owner of a new organisation (identity's CreateOwner).
  virtual absl::StatusOr<NewOwner> CreateOwner(const std::string& organisation_id,
                                               const std::string& email, const std::string& name,
                                               const std::string& mobile) = 0;
  // The role of a member of the caller's organisation, asked with the
  // caller's own token; NOT_FOUND when not a member.
  virtual absl::StatusOr<auth::Role> RoleOf(const std::string& bearer_token,
                                            const std::string& user_id) = 0;
  // O7: how many users the caller sees, asked with the caller's own token.
  virtual absl::StatusOr<int> CountUsers(const std::string& bearer_token) = 0;
};

// PINs live in access. Until the access service exists, `NoAccessYet`
// answers: no lock has a PIN.
class AccessFacts {
 public:
  virtual ~AccessFacts() = default;
  struct PinCount {
    int pins = 0;   // active PINs (Remote and Custom) on the locks
    int locks = 0;  // locks that have at least one
  };
  // D5: active PINs on these locks (Bluetooth keys do not count). Asked
  // with the caller's own token.
  virtual absl::StatusOr<PinCount> CountActivePins(const std::string& bearer_token,
                                                   const std::vector<std::string>& lock_ids) = 0;
  // D6, A7: those of the locks that hold a Custom PIN.
  virtual absl::StatusOr<std::vector<std::string>> LocksWithCustomPins(
      const std::string& bearer_token, const std::vector<std::string>& lock_ids) = 0;
  // O5: the locks on which the caller holds a live key or PIN (their own
  // token says who).
  virtual absl::StatusOr<std::vector<std::string>> HeldLocks(const std::string& bearer_token) = 0;
};

class NoAccessYet final : public AccessFacts {
 public:
  absl::StatusOr<PinCount> CountActivePins(const std::string&,
                                           const std::vector<std::string>&) override {
    return PinCount{};
  }
  absl::StatusOr<std::vector<std::string>> LocksWithCustomPins(
      const std::string&, const std::vector<std::string>&) override {
    return std::vector<std::string>{};
  }
  absl::StatusOr<std::vector<std::string>> HeldLocks(const std::string&) override {
    return std::vector<std::string>{};
  }
};

}  // namespace keyway::org
