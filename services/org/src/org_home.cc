// O7: the home page's counts and each user's widget layout.
#include <set>

#include "absl/strings/str_cat.h"
#include "keyway/pg/transaction.h"
#include "org.h"
#include "org_internal.h"

namespace keyway::org {
namespace {

constexpr size_t kMaxWidgets = 12;

std::vector<v1::WidgetKind> DefaultLayout() {
  return {v1::WIDGET_KIND_LOCK_LIST, v1::WIDGET_KIND_ACCESS_LOGS};
}

}  // namespace

absl::StatusOr<v1::GetHomeSummaryResponse> Org::GetHomeSummary(const Caller& caller) {
  // Users live in identity: counted there, with the caller's own rights.
  auto users = directory_.CountUsers(caller.bearer_token);
  if (!users.ok()) return users.status();
  auto held = HeldLocksOf(caller);
  if (!held.ok()) return held.status();
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::GetHomeSummaryResponse> {
    auto subject = SubjectOf(tx, caller);
    if (!subject.ok()) return subject.status();
    v1::GetHomeSummaryResponse resp;
    resp.set_user_count(*users);
    if (*held) {
      // O5: a Lock User counts the locks they hold and those locks' properties.
      auto locks = store::FindLocks(tx, subject->first.id,
                                    std::vector<std::string>((*held)->begin(), (*held)->end()));
      std::set<std::string> properties;
      for (const auto& l : locks) properties.insert(l.property_ids.begin(), l.property_ids.end());
      resp.set_lock_count(static_cast<int>(locks.size()));
      resp.set_property_count(static_cast<int>(properties.size()));
      return resp;
    }
    std::optional<std::set<std::string>> departments;
    if (!SeesWholeOrganisation(subject->second)) departments = subject->second.departments;
    resp.set_property_count(store::CountProperties(tx, subject->first.id, departments));
    resp.set_lock_count(store::CountLocks(tx, subject->first.id, departments));
    return resp;
  });
}

absl::StatusOr<std::vector<v1::WidgetKind>> Org::GetWidgetLayout(const Caller& caller) {
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<v1::WidgetKind>> {
    auto saved = store::WidgetLayout(tx, caller.principal.organisation_id, caller.principal.user_id);
    if (saved.empty()) return DefaultLayout();
    std::vector<v1::WidgetKind> out;
    for (int w : saved) {
      if (v1::WidgetKind_IsValid(w)) out.push_back(static_cast<v1::WidgetKind>(w));
    }
    return out;
  });
}

absl::StatusOr<std::vector<v1::WidgetKind>> Org::UpdateWidgetLayout(
    const Caller& caller, const v1::UpdateWidgetLayoutRequest& req) {
  if (static_cast<size_t>(req.widgets_size()) > kMaxWidgets) {
    return absl::InvalidArgumentError(absl::StrCat("a layout has at most ", kMaxWidgets, " widgets"));
  }
  std::set<int> seen;
  std::vector<int> widgets;
  for (int w : req.widgets()) {
    if (w == v1::WIDGET_KIND_UNSPECIFIED || !v1::WidgetKind_IsValid(w)) {
      return absl::InvalidArgumentError(absl::StrCat("widget ", w, " is not a widget kind"));
    }
    if (!seen.insert(w).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("widget ", v1::WidgetKind_Name(w), " appears twice"));
    }
    widgets.push_back(w);
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<v1::WidgetKind>> {
    if (!store::FindOrganisation(tx, caller.principal.organisation_id)) {
      return internal::NotFound("organisation", caller.principal.organisation_id);
    }
    store::SaveWidgetLayout(tx, caller.principal.organisation_id, caller.principal.user_id, widgets);
    std::vector<v1::WidgetKind> out;
    for (int w : widgets) out.push_back(static_cast<v1::WidgetKind>(w));
    return out;
  });
}

}  // namespace keyway::org
