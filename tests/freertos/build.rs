//! Builds the FreeRTOS kernel bundled with freertos-next for the POSIX simulator
//! port, with the simulator configuration in `ports/freertos/sim`, together with
//! the C the application supplies: the simulator glue, the OTA port's
//! `ota_os_freertos_config.c` and the log functions of this test's `ota_config.h`.
//! Then generates the application's view of the OTA C types from the public
//! headers and this directory's `ota_config.h`, as a C application sees them.

use std::env;
use std::path::PathBuf;

fn main() {
    let here = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = here.join("../..").canonicalize().unwrap();
    let sim = root.join("ports/freertos/sim");
    let include = root.join("include");

    let mut b = freertos_build::Builder::new();
    b.freertos_config_dir(&sim);
    b.heap("heap_4.c");
    b.heap_size(256 * 1024);
    b.minimal_stack_size(256);
    b.max_task_priorities(8);
    b.max_task_name_len(16);
    // Timer service task above every application task, as usual on devices.
    b.use_timer_task(6, 16, 512);
    b.use_preemption(true);
    b.add_build_file(sim.join("posix_glue.c"));
    b.add_build_file(root.join("ports/freertos/ota_os_freertos_config.c"));
    b.add_build_file(here.join("sim_log.c"));
    b.compile()
        .unwrap_or_else(|e| panic!("building the FreeRTOS kernel: {e:?}"));

    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let header = out.join("ota_app.h");
    std::fs::write(
        &header,
        "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n\
         #include \"ota.h\"\n#include \"ota_os_freertos.h\"\n\
         #include \"ota_mqtt_interface.h\"\n#include \"ota_platform_interface.h\"\n\
         #include \"ota_appversion32.h\"\n",
    )
    .unwrap();
    let bindings = bindgen::Builder::default()
        .header(header.to_string_lossy())
        .clang_arg(format!("-I{}", here.display()))
        .clang_arg(format!("-I{}", include.display()))
        .allowlist_function("OTA_.*|.*_FreeRTOS")
        .allowlist_type("Ota.*|AppVersion32_t")
        .allowlist_var("otaconfig.*|OTA_.*|OtaPal.*")
        // Defined by the application (the test), not declared.
        .blocklist_item("OTA_JsonFileSignatureKey")
        .prepend_enum_name(false)
        .use_core()
        .layout_tests(false)
        .generate()
        .unwrap_or_else(|e| panic!("generating the OTA bindings: {e}"));
    bindings.write_to_file(out.join("ota_bindings.rs")).unwrap();

    println!("cargo:rerun-if-changed=ota_config.h");
    println!("cargo:rerun-if-changed={}", include.display());
}
