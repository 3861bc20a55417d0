/*
 * SPDX-License-Identifier: MIT
 *
 * aws_iot_ota_interface.h - stands in for the v1 agent's protocol header,
 * which the ESP32 v1 PAL includes for OTA_DATA_OVER_HTTP. Only the protocol
 * constants are provided (the same values as the v3 ones, which
 * ota_config.h uses); the v1 control and data tables are internal to the
 * agent and not part of this library.
 */

#ifndef __AWS_IOT_OTA_INTERFACE__H__
#define __AWS_IOT_OTA_INTERFACE__H__

#include "aws_iot_ota_agent.h"
#include "aws_iot_ota_agent_internal.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

#ifndef OTA_CONTROL_OVER_MQTT
    #define OTA_CONTROL_OVER_MQTT    0x00000001 /*!< @brief Control plane over MQTT. */
#endif
#ifndef OTA_DATA_OVER_MQTT
    #define OTA_DATA_OVER_MQTT       0x00000001 /*!< @brief Data over MQTT streams. */
#endif
#ifndef OTA_DATA_OVER_HTTP
    #define OTA_DATA_OVER_HTTP       0x00000002 /*!< @brief Data over HTTP. */
#endif
#ifndef OTA_DATA_NUM_PROTOCOLS
    #define OTA_DATA_NUM_PROTOCOLS    ( 2U )    /*!< @brief Number of data protocols. */
#endif

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef __AWS_IOT_OTA_INTERFACE__H__ */
