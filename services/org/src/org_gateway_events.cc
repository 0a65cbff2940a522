// L1: what the gateway heard from a lock (its battery, its last sync) shows
// in the lock list; L7: whether each Bridge is online, and when it was last seen.
#include "keyway/core/text.h"
#include "keyway/gateway/v1/gateway_events.pb.h"
#include "keyway/rpc/proto_time.h"
#include "org.h"
#include "org_store.h"

namespace keyway::org {

absl::Status Org::ApplyGatewayEvent(pqxx::work& tx, const events::Event& event) {
  if (event.type == keyway::gateway::v1::BridgePresence().GetTypeName()) {
    keyway::gateway::v1::BridgePresence p;
    if (!p.ParseFromString(event.payload)) return absl::DataLossError("unreadable BridgePresence");
    if (!core::ValidateUuid(p.bridge_id(), "bridge_id").ok()) return absl::OkStatus();  // none of ours
    store::RecordBridgePresence(tx, p.organisation_id(), p.bridge_id(), p.online(),
                                rpc::FromTimestamp(p.last_seen_time()));
    return absl::OkStatus();
  }
  if (event.type != keyway::gateway::v1::LockTelemetry().GetTypeName()) return absl::OkStatus();
  keyway::gateway::v1::LockTelemetry t;
  if (!t.ParseFromString(event.payload)) return absl::DataLossError("unreadable LockTelemetry");
  store::Telemetry telemetry;
  if (t.has_battery_percent()) telemetry.battery_percent = t.battery_percent();
  if (t.has_signal_strength_dbm()) telemetry.signal_strength_dbm = t.signal_strength_dbm();
  telemetry.carrier = t.carrier();
  telemetry.radio_channel = t.radio_channel();
  telemetry.sync_time = rpc::FromTimestamp(t.sync_time());
  store::RecordTelemetry(tx, t.organisation_id(), t.lock_id(), telemetry);
  return absl::OkStatus();
}

}  // namespace keyway::org
