// K3: S9: every service lists and replays the dead letters of the streams it
// consumes, for the operator only (OperationsInternalService, served by the
// runtime; org stands for all five here).
#include "keyway/ops/v1/operations_service.grpc.pb.h"
#include "keyway/redis/client.h"
#include "keyway/rpc/client.h"
#include "org_fixture.h"

using namespace keyway::org::testing;
namespace opsv1 = keyway::ops::v1;

TEST_CASE("K3: S9: the operator lists a service's dead letters and replays them onto their stream") {
  OrgFixture f;
  auto ops = opsv1::OperationsInternalService::NewStub(
      keyway::rpc::MakeChannel("127.0.0.1:" + std::to_string(f.server().port())));
  keyway::redis::Client redis("127.0.0.1", f.redis_port());
  const std::string stream = f.identity().stream();  // identity's events, which org consumes
  // A dead letter as a consumer leaves it: the entry, who gave up and why.
  const std::string event_id = keyway::core::NewUuid();
  REQUIRE(redis.XAdd(stream + ".dead", {{"event_id", event_id},
                                        {"type", "keyway.test.v1.NothingOrgReads"},
                                        {"org", "org-1"},
                                        {"payload", "secret bytes"},
                                        {"dead_group", "org"},
                                        {"dead_error", "cannot apply"},
                                        {"dead_at_us", "1764680000000000"}})
              .ok());

  opsv1::ListDeadLettersRequest list;
  opsv1::ListDeadLettersResponse listed;
  // A person, even an Owner, may not.
  Account owner = f.NewOrganisation();
  CHECK(ops->ListDeadLetters(f.As(owner).get(), list, &listed).error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);
  auto s = ops->ListDeadLetters(f.identity().Ctx(f.operator_token()).get(), list, &listed);
  INFO(s.error_message());
  REQUIRE(s.ok());
  CHECK(std::find(listed.streams().begin(), listed.streams().end(), stream) != listed.streams().end());
  REQUIRE(listed.dead_letters_size() == 1);
  const auto& dead = listed.dead_letters(0);
  CHECK(dead.stream() == stream);
  CHECK(dead.consumer_group() == "org");
  CHECK(dead.error() == "cannot apply");
  CHECK(dead.dead_time().seconds() == 1764680000);

  // A stream the service does not consume, or a malformed id, is refused and changes nothing.
  opsv1::ReplayDeadLettersRequest replay;
  opsv1::ReplayDeadLettersResponse replayed;
  replay.set_stream("keyway.someone-else.events");
  s = ops->ReplayDeadLetters(f.identity().Ctx(f.operator_token()).get(), replay, &replayed);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(s.error_message().find(stream) != std::string::npos);  // names what it consumes
  replay.set_stream(stream);
  replay.add_entry_ids("1-2-3");
  CHECK(ops->ReplayDeadLetters(f.identity().Ctx(f.operator_token()).get(), replay, &replayed)
            .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  replay.clear_entry_ids();
  replay.add_entry_ids(dead.entry_id());
  REQUIRE(ops->ReplayDeadLetters(f.identity().Ctx(f.operator_token()).get(), replay, &replayed).ok());
  CHECK(replayed.replayed_count() == 1);
  CHECK(redis.Command({"XLEN", stream + ".dead"})->integer == 0);
  // What went back, once, is the event as it was, without the dead-letter notes.
  auto back = redis.Range(stream, "-", "+", 100000);
  REQUIRE(back.ok());
  int found = 0;
  for (const auto& entry : *back) {
    if (entry.Field("event_id") == nullptr || *entry.Field("event_id") != event_id) continue;
    ++found;
    CHECK(*entry.Field("payload") == "secret bytes");
    CHECK(entry.Field("dead_error") == nullptr);
  }
  CHECK(found == 1);
}
