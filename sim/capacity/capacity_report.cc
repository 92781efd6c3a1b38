#include "sim/capacity/capacity_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <unordered_map>

namespace esisim::sim::capacity {

namespace {

using nlohmann::ordered_json;

int64_t nearest_rank(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

std::string seconds(int64_t ms) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms) / 1000.0);
  return text;
}

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

int handler_pid(const std::string& handler) {
  if (handler == "heat_worker") return 1;
  if (handler == "monitoring_worker") return 2;
  return 3;
}

}  // namespace

CapacityReport analyse(const JobTimeline& timeline, int workers) {
  CapacityReport r;
  r.workers = workers;
  r.first_request_ms = timeline.first_request_ms();
  r.end_ms = timeline.last_activity_ms();
  if (r.first_request_ms >= 0 && r.end_ms >= r.first_request_ms) {
    r.makespan_ms = r.end_ms - r.first_request_ms;
  }
  const std::vector<JobRecord>& jobs = timeline.jobs();
  r.jobs = jobs.size();
  std::vector<int64_t> waits;
  const JobRecord* last = nullptr;
  for (const JobRecord& job : jobs) {
    if (job.failed) ++r.jobs_failed;
    if (job.finished_ms < 0) {
      ++r.jobs_unfinished;
      continue;
    }
    if (job.ready_ms >= 0 && job.started_ms >= job.ready_ms) {
      waits.push_back(job.started_ms - job.ready_ms);
    }
    if (job.handler == "heat_worker" && job.started_ms >= 0) {
      r.heat_busy_slot_ms += job.finished_ms - job.started_ms;
    }
    if (last == nullptr || job.finished_ms > last->finished_ms) last = &job;
  }
  std::sort(waits.begin(), waits.end());
  r.queue_wait.jobs = waits.size();
  r.queue_wait.median_ms = nearest_rank(waits, 0.5);
  r.queue_wait.p95_ms = nearest_rank(waits, 0.95);
  r.queue_wait.max_ms = waits.empty() ? 0 : waits.back();
  if (r.makespan_ms > 0 && workers > 0) {
    r.heat_utilisation = static_cast<double>(r.heat_busy_slot_ms) /
                         (static_cast<double>(workers) * static_cast<double>(r.makespan_ms));
  }
  // Walk back along the dependency that held each job longest; bounded by the job count.
  std::vector<const JobRecord*> path;
  for (const JobRecord* cur = last; cur != nullptr && path.size() <= jobs.size();) {
    path.push_back(cur);
    const JobRecord* held_by = nullptr;
    for (const std::string& dep_id : cur->dependencies) {
      const JobRecord* dep = timeline.find(dep_id);
      if (dep == nullptr || dep->finished_ms < cur->stored_ms) continue;
      if (held_by == nullptr || dep->finished_ms > held_by->finished_ms) held_by = dep;
    }
    cur = held_by;
  }
  std::reverse(path.begin(), path.end());
  for (const JobRecord* job : path) {
    r.critical_path.push_back(
        {job->id, job->stored_ms, job->ready_ms, job->started_ms, job->finished_ms});
  }
  if (!path.empty()) r.critical_path_ms = path.back()->finished_ms - path.front()->stored_ms;
  return r;
}

std::string render_table(const std::string& title, const std::vector<CapacityReport>& reports,
                         std::size_t path_steps_max) {
  std::ostringstream out;
  out << title << "\n\n";
  const std::vector<std::pair<std::string, std::size_t>> columns = {
      {"workers", 7},          {"jobs", 8},          {"failed", 6},    {"makespan", 11},
      {"speedup", 7},          {"wait median", 11},  {"wait p95", 10}, {"wait max", 10},
      {"heat_worker use", 15}, {"critical path", 22}};
  for (std::size_t c = 0; c < columns.size(); ++c) {
    out << (c ? "  " : "") << pad_left(columns[c].first, columns[c].second);
  }
  out << "\n";
  for (const CapacityReport& r : reports) {
    char speedup[32];
    double base = reports.front().makespan_ms;
    std::snprintf(speedup, sizeof speedup, "%.2fx",
                  r.makespan_ms > 0 ? base / static_cast<double>(r.makespan_ms) : 0.0);
    char use[32];
    std::snprintf(use, sizeof use, "%.1f %%", r.heat_utilisation * 100.0);
    std::vector<std::string> cells = {
        std::to_string(r.workers),
        std::to_string(r.jobs),
        std::to_string(r.jobs_failed),
        seconds(r.makespan_ms),
        speedup,
        seconds(r.queue_wait.median_ms),
        seconds(r.queue_wait.p95_ms),
        seconds(r.queue_wait.max_ms),
        use,
        std::to_string(r.critical_path.size()) + " jobs, " + seconds(r.critical_path_ms)};
    for (std::size_t c = 0; c < cells.size(); ++c) {
      out << (c ? "  " : "") << pad_left(cells[c], columns[c].second);
    }
    out << "\n";
  }
  for (const CapacityReport& r : reports) {
    out << "\ncritical path with " << r.workers << " workers (" << r.critical_path.size()
        << " jobs, " << seconds(r.critical_path_ms) << "):\n";
    std::size_t shown = 0;
    for (const PathStep& step : r.critical_path) {
      if (shown++ == path_steps_max) {
        out << "  ... " << (r.critical_path.size() - path_steps_max) << " more\n";
        break;
      }
      int64_t origin = r.first_request_ms < 0 ? 0 : r.first_request_ms;
      int64_t ready = step.ready_ms >= 0 ? step.ready_ms : step.stored_ms;
      out << "  " << pad_left(seconds(ready - origin), 10) << "  wait "
          << pad_left(seconds(step.started_ms - ready), 9) << "  run "
          << pad_left(seconds(step.finished_ms - step.started_ms), 9) << "  " << step.job_id
          << "\n";
    }
  }
  return out.str();
}

ordered_json report_json(const std::string& title, const std::vector<CapacityReport>& reports) {
  ordered_json runs = ordered_json::array();
  for (const CapacityReport& r : reports) {
    ordered_json path = ordered_json::array();
    for (const PathStep& s : r.critical_path) {
      path.push_back({{"job", s.job_id},
                      {"stored_ms", s.stored_ms},
                      {"ready_ms", s.ready_ms},
                      {"started_ms", s.started_ms},
                      {"finished_ms", s.finished_ms}});
    }
    runs.push_back({{"workers", r.workers},
                    {"jobs", r.jobs},
                    {"jobs_failed", r.jobs_failed},
                    {"jobs_unfinished", r.jobs_unfinished},
                    {"first_request_ms", r.first_request_ms},
                    {"end_ms", r.end_ms},
                    {"makespan_ms", r.makespan_ms},
                    {"queue_wait_ms",
                     {{"jobs", r.queue_wait.jobs},
                      {"median", r.queue_wait.median_ms},
                      {"p95", r.queue_wait.p95_ms},
                      {"max", r.queue_wait.max_ms}}},
                    {"heat_worker_busy_slot_ms", r.heat_busy_slot_ms},
                    {"heat_worker_utilisation", r.heat_utilisation},
                    {"critical_path_ms", r.critical_path_ms},
                    {"critical_path", std::move(path)}});
  }
  return {{"title", title}, {"runs", std::move(runs)}};
}

ordered_json timeline_json(const JobTimeline& timeline, const CapacityReport& report) {
  const int64_t origin = report.first_request_ms < 0 ? 0 : report.first_request_ms;
  auto us = [origin](int64_t ms) { return (ms - origin) * 1000; };
  ordered_json events = ordered_json::array();
  std::map<int, std::string> processes;
  std::map<std::pair<int, int>, bool> threads;
  auto ran = [](const JobRecord& job) { return job.started_ms >= 0 && job.finished_ms >= 0; };
  for (const JobRecord& job : timeline.jobs()) {
    if (!ran(job)) continue;
    int pid = handler_pid(job.handler);
    processes.emplace(pid, job.handler);
    threads.emplace(std::make_pair(pid, job.slot + 1), true);
    events.push_back({{"name", job.resource_type + " " + job.action},
                      {"cat", job.failed ? "job,failed" : "job"},
                      {"ph", "X"},
                      {"ts", us(job.started_ms)},
                      {"dur", (job.finished_ms - job.started_ms) * 1000},
                      {"pid", pid},
                      {"tid", job.slot + 1},
                      {"args",
                       {{"job", job.id},
                        {"queue_wait_ms", job.ready_ms >= 0 ? job.started_ms - job.ready_ms : 0},
                        {"failed", job.failed}}}});
  }
  uint64_t flow_id = 0;
  for (const JobRecord& job : timeline.jobs()) {
    if (!ran(job)) continue;
    for (const std::string& dep_id : job.dependencies) {
      const JobRecord* dep = timeline.find(dep_id);
      if (dep == nullptr || !ran(*dep)) continue;
      ++flow_id;
      int64_t from_us = std::max(us(dep->started_ms), us(dep->finished_ms) - 1);
      events.push_back({{"name", "dependency"},
                        {"cat", "dependency"},
                        {"ph", "s"},
                        {"id", flow_id},
                        {"ts", from_us},
                        {"pid", handler_pid(dep->handler)},
                        {"tid", dep->slot + 1}});
      events.push_back({{"name", "dependency"},
                        {"cat", "dependency"},
                        {"ph", "f"},
                        {"bp", "e"},
                        {"id", flow_id},
                        {"ts", us(job.started_ms)},
                        {"pid", handler_pid(job.handler)},
                        {"tid", job.slot + 1}});
    }
  }
  for (const auto& [pid, name] : processes) {
    events.push_back(
        {{"name", "process_name"}, {"ph", "M"}, {"pid", pid}, {"args", {{"name", name}}}});
  }
  for (const auto& [key, unused] : threads) {
    (void)unused;
    events.push_back({{"name", "thread_name"},
                      {"ph", "M"},
                      {"pid", key.first},
                      {"tid", key.second},
                      {"args", {{"name", "slot " + std::to_string(key.second - 1)}}}});
  }
  return {{"traceEvents", std::move(events)},
          {"displayTimeUnit", "ms"},
          {"otherData", {{"workers", report.workers}, {"makespan_ms", report.makespan_ms}}}};
}

std::string dag_dot(const JobTimeline& timeline, const CapacityReport& report) {
  std::unordered_map<std::string, std::size_t> node_of;  // lookup only
  const std::vector<JobRecord>& jobs = timeline.jobs();
  for (std::size_t i = 0; i < jobs.size(); ++i) node_of.emplace(jobs[i].id, i);
  std::unordered_map<std::string, std::size_t> on_path;  // job id → position on the path
  for (std::size_t i = 0; i < report.critical_path.size(); ++i) {
    on_path.emplace(report.critical_path[i].job_id, i);
  }
  std::ostringstream out;
  out << "digraph jobs {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\", "
         "fontsize=10];\n";
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const JobRecord& job = jobs[i];
    out << "  j" << i << " [label=\"" << job.resource_type << "\\n"
        << job.resource_id.substr(0, 8) << "\\n"
        << job.action << (job.handler == "heat_worker" ? "" : " (" + job.handler + ")") << "\"";
    if (on_path.count(job.id)) out << ", penwidth=3";
    if (job.failed) out << ", color=red, fontcolor=red";
    if (job.finished_ms < 0) out << ", style=dashed";
    out << "];\n";
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    for (const std::string& dep_id : jobs[i].dependencies) {
      auto dep = node_of.find(dep_id);
      if (dep == node_of.end()) continue;
      out << "  j" << dep->second << " -> j" << i;
      auto a = on_path.find(dep_id);
      auto b = on_path.find(jobs[i].id);
      if (a != on_path.end() && b != on_path.end() && b->second == a->second + 1) {
        out << " [penwidth=3]";
      }
      out << ";\n";
    }
  }
  out << "}\n";
  return out.str();
}

}  // namespace esisim::sim::capacity
