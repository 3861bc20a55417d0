/*
 * SPDX-License-Identifier: MIT
 *
 * aws_iot_ota_types.h - the short integer type names of the Amazon FreeRTOS
 * v1 OTA library (V1.1.x and V1.2.x name; aws_ota_types.h is the V1.0.x
 * name and includes this file).
 *
 * Part of the compatibility headers that let a PAL written for the v1 agent
 * (aws_ota_pal.c with the eight prvPAL_* functions) build against this
 * library unchanged. See docs/porting-legacy.md.
 *
 * The v1 header defined these as macros, only where the name was not taken
 * yet; so does this one. bool_t is a byte, as in v1. true and false come
 * from <stdbool.h> (C) or the language (C++).
 */

#ifndef _AWS_IOT_OTA_TYPES_H_
#define _AWS_IOT_OTA_TYPES_H_

#include <stdint.h>
#include <stdbool.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

#ifndef u32
    #define u32    uint32_t /*!< @brief v1 name of uint32_t. */
#endif
#ifndef u16
    #define u16    uint16_t /*!< @brief v1 name of uint16_t. */
#endif
#ifndef u8
    #define u8     uint8_t  /*!< @brief v1 name of uint8_t. */
#endif
#ifndef s32
    #define s32    int32_t  /*!< @brief v1 name of int32_t. */
#endif
#ifndef s16
    #define s16    int16_t  /*!< @brief v1 name of int16_t. */
#endif
#ifndef s8
    #define s8     int8_t   /*!< @brief v1 name of int8_t. */
#endif
#ifndef i32
    #define i32    int32_t  /*!< @brief v1 name of int32_t. */
#endif
#ifndef i16
    #define i16    int16_t  /*!< @brief v1 name of int16_t. */
#endif
#ifndef i8
    #define i8     int8_t   /*!< @brief v1 name of int8_t. */
#endif
#ifndef bool_t
    #define bool_t    uint8_t /*!< @brief v1 boolean: one byte, 0 or 1. */
#endif

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _AWS_IOT_OTA_TYPES_H_ */
