#include "keyway/audit/audit.h"
#include "keyway/audit/trail.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/numbers.h"
#include "keyway/core/paging.h"
#include "keyway/pg/convert.h"

std::span<const keyway::pg::Migration> keyway_audit_migrations();

namespace keyway::audit {

std::span<const pg::Migration> Migrations() { return keyway_audit_migrations(); }

void Record(pqxx::work& tx, const Entry& e) {
  tx.exec_params0(
      "INSERT INTO audit_events (organisation_id, actor_user_id, action, target_type, target_id, "
      "details, peer) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)",
      e.organisation_id, e.actor_user_id, e.action, e.target_type, e.target_id, e.details_json,
      e.peer);
}

absl::StatusOr<Page> List(pqxx::work& tx, const std::string& organisation_id, int page_size,
                          const std::string& page_token) {
  auto size = core::PageSize(page_size);
  if (!size.ok()) return size.status();
  int64_t before = INT64_MAX;
  if (!page_token.empty()) {
    auto position = core::DecodePageToken(page_token, "audit");
    if (!position.ok()) return position.status();
    if (position->size() != 1 || !absl::SimpleAtoi((*position)[0], &before)) {
      return absl::InvalidArgumentError("page_token is not valid for this query");
    }
  }
  auto rows = tx.exec_params(
      "SELECT id, actor_user_id, action, target_type, target_id, details::text, peer, created_at "
      "FROM audit_events WHERE organisation_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
      organisation_id, before, *size + 1);
  Page page;
  for (const auto& row : rows) {
    if (static_cast<int>(page.events.size()) == *size) {
      page.next_page_token = core::EncodePageToken({page.events.back().id()}, "audit");
      break;
    }
    auto& ev = page.events.emplace_back();
    ev.set_id(row[0].as<std::string>());
    ev.set_actor_user_id(row[1].as<std::string>());
    ev.set_action(row[2].as<std::string>());
    ev.set_target_type(row[3].as<std::string>());
    ev.set_target_id(row[4].as<std::string>());
    ev.set_details(row[5].as<std::string>());
    ev.set_peer(row[6].as<std::string>());
    *ev.mutable_create_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(pg::TimeField(row[7])));
  }
  return page;
}

void RecordCall(pqxx::work& tx, const auth::Principal& actor, const std::string& peer,
                const std::string& action, const std::string& target_type,
                const std::string& target_id, const std::string& details_json) {
  Record(tx, {.organisation_id = actor.organisation_id,
              .actor_user_id = actor.user_id,
              .action = action,
              .target_type = target_type,
              .target_id = target_id,
              .details_json = details_json,
              .peer = peer});
}

}  // namespace keyway::audit
