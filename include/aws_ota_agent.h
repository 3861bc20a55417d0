/*
 * SPDX-License-Identifier: MIT
 *
 * aws_ota_agent.h - V1.0.x (amazon-freertos 201908/201910) name of
 * aws_iot_ota_agent.h, for PALs that still include it. For the V1.0.x
 * file-context layout and agent states define OTA_V1_FILE_CONTEXT_LAYOUT
 * as 100 in the whole project (see aws_iot_ota_agent.h).
 */

#ifndef _AWS_OTA_AGENT_H_
#define _AWS_OTA_AGENT_H_

#include "aws_ota_types.h"
#include "aws_iot_ota_agent.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/* Everything is declared in aws_iot_ota_agent.h. */

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _AWS_OTA_AGENT_H_ */
