// The /monitoring record the 2017 generation's collector writes for a monitoring job
// (domain-2017.md §4): one field per reported item of the rendered monitoring template plus
// the job's version.
//
// Items: vrrp_session -> its wanted_status in upper case (MASTER/BACKUP), bgp_session ->
// ESTABLISHED, every other type -> UP, except etcd_reader and kafka_messenger items (nothing
// polled) and, inferred from the recordings (open question 7), the logical_port uplink items of
// a document that also has bgp_session items. No item left: no record (ha_*, gateways).
// Text: a single item in the collector's spaced form `{ "switch" : "UP", "version" : 1 }`,
// several as compact JSON with sorted keys. Delay: virtual machine interfaces and virtual
// networks are checked as soon as the job ends (1.5 s); everything else one 60 s poll later.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace esisim::sim {

struct MwMonitoringRecord {
  std::string value;
  int64_t delay_ms = 0;
};

Result<std::optional<MwMonitoringRecord>> mw_monitoring_record(std::string_view template_name,
                                                               std::string_view rendered_yaml,
                                                               int64_t version);

}  // namespace esisim::sim
