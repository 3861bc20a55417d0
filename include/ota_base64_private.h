/*
 * SPDX-License-Identifier: MIT
 *
 * ota_base64_private.h - base64 decoding of the job's file signature.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: the status enum takes the width
 * the user's C compiler gives it.
 *
 * Declared for source compatibility with code written against the original
 * (its unit tests and proofs); this library may not export base64Decode.
 */

#ifndef OTA_BASE64_PRIVATE_H
#define OTA_BASE64_PRIVATE_H

/* Standard includes. */
#include <stdint.h>
#include <stdlib.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * ota_enum_types
 * @brief Result of base64Decode.
 */
typedef enum Base64Status
{
    Base64Success,               /*!< Decoded. */
    Base64InvalidSymbol,         /*!< A character outside the base64 alphabet. */
    Base64InvalidSymbolOrdering, /*!< A valid character in an invalid position (e.g. data after padding). */
    Base64InvalidInputSize,      /*!< A length no base64 encoder can produce. */
    Base64NullPointerInput,      /*!< A pointer argument is NULL. */
    Base64InvalidBufferSize,     /*!< The output buffer is too small. */
    Base64NonZeroPadding,        /*!< The unused bits of the last symbol are not zero. */
    Base64InvalidPaddingSymbol   /*!< Wrong number of '=' characters. */
} Base64Status_t;

/**
 * @brief Decode base64 text.
 *
 * @param[out] pDest Receives the decoded bytes.
 * @param[in] destLen Size of pDest.
 * @param[out] pResultLen Number of bytes decoded.
 * @param[in] pEncodedData The base64 text.
 * @param[in] encodedLen Length of the text.
 * @return Base64Success, or the first problem found.
 */
Base64Status_t base64Decode( uint8_t * pDest,
                             const size_t destLen,
                             size_t * pResultLen,
                             const uint8_t * pEncodedData,
                             const size_t encodedLen );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_BASE64_PRIVATE_H */
