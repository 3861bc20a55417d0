/*
 * SPDX-License-Identifier: MIT
 *
 * aws_ota_agent_internal.h - V1.0.x (amazon-freertos 201908/201910) name of
 * aws_iot_ota_agent_internal.h.
 */

#ifndef _AWS_OTA_AGENT_INTERNAL_H_
#define _AWS_OTA_AGENT_INTERNAL_H_

#include "aws_ota_types.h"
#include "aws_ota_agent.h"
#include "aws_iot_ota_agent_internal.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/* Everything is declared in aws_iot_ota_agent_internal.h. */

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _AWS_OTA_AGENT_INTERNAL_H_ */
