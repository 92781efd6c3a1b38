// esisim command line entry point (subcommands are added as they are built).
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"esisim: deterministic simulator of the ESI orchestration back-end"};
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
