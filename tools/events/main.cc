// keyway-events: prints the events of Keyway streams as JSON lines, as they
// arrive. For operators and for `tools/dev up`, which shows invitation links.
// Also lists and replays dead letters (K3), as each service's
// OperationsInternalService does; with the notify secret key it prints the
// secrets sealed for notify opened (K4: a dev machine has no notify yet).
//
//   keyway-events --redis_port 56379 --from 0 keyway.identity.events
//   keyway-events --redis_port 56379 --dead keyway.org.events
//   keyway-events --redis_port 56379 --replay keyway.org.events [ENTRY_ID...]
//   keyway-events --notify_secret_key KEY --show_public_key
#include <iostream>
#include <optional>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "keyway/core/encoding.h"
#include "keyway/core/sealed_box.h"
#include "keyway/access/v1/access_events.pb.h"
#include "keyway/identity/v1/identity_events.pb.h"
#include "keyway/events/dead_letters.h"
#include "keyway/redis/client.h"
#include "keyway/rpc/flags.h"

ABSL_FLAG(std::string, redis_host, "127.0.0.1", "Redis host");
ABSL_FLAG(int, redis_port, 6379, "Redis port");
ABSL_FLAG(std::string, from, "$", "stream id to start after: $ for new events only, 0 for all");
ABSL_FLAG(bool, follow, true, "keep waiting for new events");
ABSL_FLAG(std::string, notify_secret_key, "",
          "the notify service's secret key (unpadded base64url): sealed secrets are printed "
          "opened, as notify would read them (for a dev machine, K4)");
ABSL_FLAG(bool, show_public_key, false,
          "print the public key of --notify_secret_key (what identity and access take as "
          "--notify_public_key) and exit");
ABSL_FLAG(bool, dead, false, "list the dead letters of the streams instead (no payloads)");
ABSL_FLAG(bool, replay, false,
          "put the dead letters of one stream back on it (the entry ids given, or all)");

namespace {

// K4: with the notify secret key, each sealed_X field becomes X, opened.
std::optional<keyway::core::BoxKeyPair> notify_keys;

std::string OpenSealedFields(const google::protobuf::Message& message, std::string json) {
  if (!notify_keys) return json;
  auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return json;
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (!absl::StartsWith(field->name(), "sealed_") || field->is_repeated() ||
        field->type() != google::protobuf::FieldDescriptor::TYPE_BYTES) {
      continue;
    }
    auto opened = keyway::core::OpenSealed(*notify_keys, reflection->GetString(message, field));
    doc.erase(field->name());
    doc[field->name().substr(7)] = opened.ok() ? *opened : "(does not open with this key)";
  }
  return doc.dump();
}

// The payload as JSON, decoded with the type the entry names.
std::string PayloadJson(const std::string& type, const std::string& payload) {
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
  if (descriptor == nullptr) return "null";
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(descriptor)->New());
  if (!message->ParseFromString(payload)) return "null";
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(*message, &json, options);
  return OpenSealedFields(*message, json);
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  // Link the event types in so that their descriptors are in the pool.
  (void)keyway::identity::v1::InvitationIssued::descriptor();
  (void)keyway::access::v1::RemotePinShared::descriptor();
  auto streams = keyway::rpc::ParseFlags(argc, argv, "keyway-events [flags] STREAM...");
  if (!absl::GetFlag(FLAGS_notify_secret_key).empty()) {
    auto secret = keyway::core::ParseBoxKey(absl::GetFlag(FLAGS_notify_secret_key),
                                            "--notify_secret_key");
    if (!secret.ok()) {
      std::cerr << "keyway-events: " << secret.status().message() << "\n";
      return 2;
    }
    notify_keys = keyway::core::BoxKeyPairOf(*secret);
  }
  if (absl::GetFlag(FLAGS_show_public_key)) {
    if (!notify_keys) {
      std::cerr << "keyway-events: --show_public_key needs --notify_secret_key\n";
      return 2;
    }
    std::cout << keyway::core::Base64UrlEncode(notify_keys->public_key) << std::endl;
    return 0;
  }
  if (streams.size() < 2) {
    std::cerr << "usage: keyway-events [--redis_port N] [--from 0] STREAM...\n";
    return 2;
  }
  keyway::redis::Client redis(absl::GetFlag(FLAGS_redis_host), absl::GetFlag(FLAGS_redis_port),
                              absl::Seconds(30));
  if (absl::GetFlag(FLAGS_dead)) {
    for (size_t i = 1; i < streams.size(); ++i) {
      auto dead = keyway::events::ListDeadLetters(redis, streams[i], 1000);
      if (!dead.ok()) {
        std::cerr << "keyway-events: " << dead.status().message() << "\n";
        return 1;
      }
      for (const auto& d : *dead) {
        std::cout << "{\"stream\":" << Quote(streams[i]) << ",\"entry_id\":" << Quote(d.entry_id)
                  << ",\"event_id\":" << Quote(d.event_id) << ",\"type\":" << Quote(d.type)
                  << ",\"org\":" << Quote(d.organisation_id) << ",\"group\":" << Quote(d.group)
                  << ",\"error\":" << Quote(d.error) << "}" << std::endl;
      }
    }
    return 0;
  }
  if (absl::GetFlag(FLAGS_replay)) {
    std::vector<std::string> ids(streams.begin() + 2, streams.end());
    auto replayed = keyway::events::ReplayDeadLetters(redis, streams[1], ids);
    if (!replayed.ok()) {
      std::cerr << "keyway-events: " << replayed.status().message() << "\n";
      return 1;
    }
    std::cout << "replayed " << *replayed << " dead letter" << (*replayed == 1 ? "" : "s")
              << " onto " << streams[1] << std::endl;
    return 0;
  }
  std::vector<std::string> last(streams.size() - 1, absl::GetFlag(FLAGS_from));
  do {
    std::vector<std::string> args = {"XREAD", "COUNT", "100"};
    if (absl::GetFlag(FLAGS_follow)) args.insert(args.end(), {"BLOCK", "5000"});
    args.push_back("STREAMS");
    for (size_t i = 1; i < streams.size(); ++i) args.push_back(streams[i]);
    for (const auto& id : last) args.push_back(id);
    auto reply = redis.Command(args);
    if (!reply.ok()) {
      std::cerr << "keyway-events: " << reply.status().message() << "\n";
      absl::SleepFor(absl::Seconds(1));
      continue;
    }
    for (const auto& stream : reply->elements) {
      if (stream.elements.size() != 2) continue;
      const std::string& name = stream.elements[0].str;
      for (const auto& entry : stream.elements[1].elements) {
        std::string type, payload, org;
        const auto& kv = entry.elements[1].elements;
        for (size_t i = 0; i + 1 < kv.size(); i += 2) {
          if (kv[i].str == "type") type = kv[i + 1].str;
          if (kv[i].str == "payload") payload = kv[i + 1].str;
          if (kv[i].str == "org") org = kv[i + 1].str;
        }
        std::cout << "{\"stream\":" << Quote(name) << ",\"id\":" << Quote(entry.elements[0].str)
                  << ",\"type\":" << Quote(type) << ",\"org\":" << Quote(org)
                  << ",\"event\":" << PayloadJson(type, payload) << "}" << std::endl;
        for (size_t i = 1; i < streams.size(); ++i) {
          if (streams[i] == name) last[i - 1] = entry.elements[0].str;
        }
      }
    }
  } while (absl::GetFlag(FLAGS_follow));
  return 0;
}
