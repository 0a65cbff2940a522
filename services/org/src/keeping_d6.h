#pragma once
// Org::ChangeKeepingD6: a change to locks' departments, with D6 asked of
// access outside any transaction (see org.h).

#include <set>

#include "absl/status/status.h"
#include "keyway/pg/transaction.h"
#include "org.h"

namespace keyway::org {

template <typename Change>
auto Org::ChangeKeepingD6(const Caller& caller, Change change)
    -> std::invoke_result_t<Change&, pqxx::work&, const D6Check&> {
  using Result = std::invoke_result_t<Change&, pqxx::work&, const D6Check&>;
  // Each try may find locks that others shared meanwhile; a few tries, then
  // the caller is told to try again.
  constexpr int kTries = 3;
  std::set<std::string> checked;  // shared locks that access said hold no Custom PIN
  for (int attempt = 1;; ++attempt) {
    std::vector<std::string> unchecked;
    const D6Check d6 = [&](pqxx::work& tx, const std::vector<std::string>& lock_ids) -> absl::Status {
      for (auto& id : SharedLocks(tx, caller, lock_ids)) {
        if (!checked.count(id)) unchecked.push_back(std::move(id));
      }
      if (unchecked.empty()) return absl::OkStatus();
      return absl::AbortedError("D6: access is asked first");  // rolls this try back
    };
    Result result = pg::InTransaction(pool_, [&](pqxx::work& tx) -> Result {
      unchecked.clear();
      return change(tx, d6);
    });
    if (unchecked.empty()) return result;
    if (attempt == kTries) {
      return Result(absl::AbortedError(
          "the locks' departments changed while their Custom PINs were checked (D6): try again"));
    }
    if (auto s = RefuseCustomPinsOn(caller, unchecked); !s.ok()) return Result(s);
    checked.insert(unchecked.begin(), unchecked.end());
  }
}

}  // namespace keyway::org
