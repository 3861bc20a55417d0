/*
 * SPDX-License-Identifier: MIT
 *
 * Compiled, not run: the public headers followed by the generated declarations
 * of every function libota.a exports. A prototype that disagrees with the Rust
 * definition is a compile error ("conflicting types").
 */
#define OTA_NO_INIT_CONFIG_CHECK
#define OTA_HOSTED_BUILD
#define OTA_FEATURE_VERIFY
#define OTA_FEATURE_FREERTOS

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ota.h"
#include "ota_platform_interface.h"
#include "ota_mqtt_private.h"
#include "ota_http_private.h"
#include "ota_os_freertos.h"
#include "ota_signature.h"
#include "ota_pal_extensions.h"

#include "ota_exports.h"

/* The compatibility headers, after the v3 ones (the order they document for
 * files that use both): their declarations must agree with the library's
 * and with each other. */
#include "ota_v1_adapter.h"
#include "ota_alios_adapter.h"
#include "aws_iot_ota_pal.h"
#include "aws_ota_pal.h"
#include "aws_iot_ota_agent_internal.h"
#include "aws_ota_agent_internal.h"
#include "aws_iot_ota_interface.h"

int ota_exports_agree_unused;
