#include "org_proto.h"

namespace keyway::org {

v1::Organisation ToProto(const store::OrganisationRow& o) {
  v1::Organisation out;
  out.set_id(o.id);
  out.set_name(o.name);
  out.set_kind(o.kind == "flat" ? v1::ORGANISATION_KIND_FLAT : v1::ORGANISATION_KIND_DEPARTMENTAL);
  *out.mutable_create_time() = ToTimestamp(o.created_at);
  return out;
}

v1::Department ToProto(const store::DepartmentRow& d) {
  v1::Department out;
  out.set_id(d.id);
  out.set_name(d.name);
  for (const auto& id : d.property_ids) out.add_property_ids(id);
  for (const auto& id : d.member_user_ids) out.add_member_user_ids(id);
  *out.mutable_create_time() = ToTimestamp(d.created_at);
  *out.mutable_update_time() = ToTimestamp(d.updated_at);
  return out;
}

v1::Property ToProto(const store::PropertyRow& p) {
  v1::Property out;
  out.set_id(p.id);
  out.set_name(p.name);
  out.set_address(p.address);
  out.set_latitude(p.latitude);
  out.set_longitude(p.longitude);
  out.set_time_zone(p.time_zone);
  for (const auto& id : p.department_ids) out.add_department_ids(id);
  out.set_lock_count(p.lock_count);
  *out.mutable_create_time() = ToTimestamp(p.created_at);
  *out.mutable_update_time() = ToTimestamp(p.updated_at);
  return out;
}

v1::Lock ToProto(const store::LockRow& l) {
  v1::Lock out;
  out.set_id(l.id);
  out.set_serial_number(l.serial_number);
  out.set_model(l.model);
  out.set_name(l.name);
  for (const auto& id : l.property_ids) out.add_property_ids(id);
  for (const auto& id : l.department_ids) out.add_department_ids(id);
  for (const auto& id : l.accessory_ids) out.add_accessory_ids(id);
  out.set_time_zone(l.time_zone);
  if (l.battery_percent) out.set_battery_percent(*l.battery_percent);
  if (l.last_sync_at) *out.mutable_last_sync_time() = ToTimestamp(*l.last_sync_at);
  if (l.activity_log_interval) *out.mutable_activity_log_interval() = ToDuration(*l.activity_log_interval);
  if (l.heartbeat_interval) *out.mutable_heartbeat_interval() = ToDuration(*l.heartbeat_interval);
  *out.mutable_create_time() = ToTimestamp(l.created_at);
  *out.mutable_update_time() = ToTimestamp(l.updated_at);
  if (l.signal_strength_dbm) out.set_signal_strength_dbm(*l.signal_strength_dbm);
  out.set_carrier(l.carrier);
  out.set_radio_channel(l.radio_channel);
  return out;
}

v1::Accessory ToProto(const store::AccessoryRow& a) {
  v1::Accessory out;
  out.set_id(a.id);
  out.set_kind(a.kind == "bridge"   ? v1::ACCESSORY_KIND_BRIDGE
               : a.kind == "keypad" ? v1::ACCESSORY_KIND_KEYPAD
                                    : v1::ACCESSORY_KIND_KEYFOB);
  out.set_serial_number(a.serial_number);
  out.set_name(a.name);
  for (const auto& id : a.lock_ids) out.add_lock_ids(id);
  out.set_online(a.online);
  if (a.last_seen_at) *out.mutable_last_seen_time() = ToTimestamp(*a.last_seen_at);
  *out.mutable_create_time() = ToTimestamp(a.created_at);
  *out.mutable_update_time() = ToTimestamp(a.updated_at);
  return out;
}

}  // namespace keyway::org
