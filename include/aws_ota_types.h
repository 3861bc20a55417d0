/*
 * SPDX-License-Identifier: MIT
 *
 * aws_ota_types.h - V1.0.x (amazon-freertos 201908/201910) name of
 * aws_iot_ota_types.h, for PALs and port headers that still include it.
 */

#ifndef _AWS_OTA_TYPES_H_
#define _AWS_OTA_TYPES_H_

#include "aws_iot_ota_types.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/* Everything is declared in aws_iot_ota_types.h. */

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _AWS_OTA_TYPES_H_ */
