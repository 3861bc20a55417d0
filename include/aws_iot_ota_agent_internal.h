/*
 * SPDX-License-Identifier: MIT
 *
 * aws_iot_ota_agent_internal.h - stands in for the v1 agent's internal
 * header, which several v1 PALs include (the PC simulator, nRF52840 and
 * template ports). No PAL uses the agent's internal types, so this one only
 * brings the v1 interface and the block size the PAL may compute with.
 *
 * The configuration comes from the same ota_config.h the library is built
 * with (then ota_config_defaults.h), so OTA_FILE_BLOCK_SIZE and the
 * otaconfig* values agree with the agent. A v1 project can keep its
 * aws_ota_agent_config.h and include it from ota_config.h: the v1 and v3
 * configuration macros have the same names.
 */

#ifndef _AWS_IOT_OTA_AGENT_INTERNAL_H_
#define _AWS_IOT_OTA_AGENT_INTERNAL_H_

#include <stdint.h>

#include "aws_iot_ota_types.h"
#include "aws_iot_ota_agent.h"

#ifndef OTA_DO_NOT_USE_CUSTOM_CONFIG
    #include "ota_config.h"
#endif
#include "ota_config_defaults.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

#ifndef OTA_FILE_BLOCK_SIZE
    /** @brief Bytes in one file block, as the agent requests them. */
    #define OTA_FILE_BLOCK_SIZE    ( ( uint32_t ) 1U << otaconfigLOG2_FILE_BLOCK_SIZE )
#endif

#ifndef LOG2_BITS_PER_BYTE
    /** @brief log2 of the bits in a byte (block bitmap arithmetic). */
    #define LOG2_BITS_PER_BYTE    3U
#endif

#ifndef BITS_PER_BYTE
    /** @brief Bits in a byte (block bitmap arithmetic). */
    #define BITS_PER_BYTE    ( ( uint32_t ) 1U << LOG2_BITS_PER_BYTE )
#endif

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _AWS_IOT_OTA_AGENT_INTERNAL_H_ */
