#pragma once
// K2 as every service does it: an entry for a person's call, and a page of
// the trail for Owners and Admins, as the service's own response message.

#include <string>

#include "absl/status/statusor.h"
#include "keyway/audit/audit.h"
#include "keyway/auth/principal.h"
#include "keyway/pg/pool.h"
#include "keyway/pg/transaction.h"

namespace keyway::audit {

// Who (`actor`), from where (`peer`), what and on what; `details_json` never
// holds a secret (K4).
void RecordCall(pqxx::work& tx, const auth::Principal& actor, const std::string& peer,
                const std::string& action, const std::string& target_type,
                const std::string& target_id, const std::string& details_json);

// `Response` is a ListAuditEventsResponse: repeated AuditEvent events,
// string next_page_token.
template <typename Response>
absl::StatusOr<Response> ReadTrail(pg::Pool& pool, const auth::Principal& reader, int page_size,
                                   const std::string& page_token) {
  if (auto s = auth::RequireRole(reader, {auth::Role::kOwner, auth::Role::kAdmin},
                                 "read the audit trail");
      !s.ok()) {
    return s;
  }
  return pg::InTransaction(pool, [&](pqxx::work& tx) -> absl::StatusOr<Response> {
    auto page = List(tx, reader.organisation_id, page_size, page_token);
    if (!page.ok()) return page.status();
    Response resp;
    for (auto& e : page->events) *resp.add_events() = std::move(e);
    resp.set_next_page_token(page->next_page_token);
    return resp;
  });
}

}  // namespace keyway::audit
