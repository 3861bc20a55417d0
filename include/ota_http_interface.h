/*
 * SPDX-License-Identifier: MIT
 *
 * ota_http_interface.h - the HTTP client operations the OTA agent calls when
 * a job delivers its file through a pre-signed URL.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: the status enum takes the width
 * the user's C compiler gives it, and the library is built to match.
 *
 * The agent asks for one block at a time as a byte range; the application
 * hands each response body back through OTA_SignalEvent.
 */

#ifndef OTA_HTTP_INTERFACE_H
#define OTA_HTTP_INTERFACE_H

/* Standard library includes. */
#include <stddef.h>
#include <stdint.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @ingroup ota_enum_types
 * @brief Result of an HTTP interface call.
 */
typedef enum OtaHttpStatus
{
    OtaHttpSuccess = 0,       /*!< The call succeeded. */
    OtaHttpInitFailed = 0xc0, /*!< The connection for the URL could not be set up. */
    OtaHttpDeinitFailed,      /*!< The connection could not be torn down (0xc1). */
    OtaHttpRequestFailed      /*!< The range request could not be sent (0xc2). */
} OtaHttpStatus_t;

/**
 * @brief Prepare downloads from a pre-signed URL.
 *
 * @param[in] pUrl NUL-terminated URL taken from the job document.
 * @return OtaHttpSuccess, or OtaHttpInitFailed.
 */
typedef OtaHttpStatus_t ( * OtaHttpInit_t ) ( char * pUrl );

/**
 * @brief Request the bytes rangeStart..rangeEnd (both inclusive) of the file.
 *
 * @param[in] rangeStart Offset of the first byte wanted.
 * @param[in] rangeEnd Offset of the last byte wanted.
 * @return OtaHttpSuccess, or OtaHttpRequestFailed.
 */
typedef OtaHttpStatus_t ( * OtaHttpRequest_t )  ( uint32_t rangeStart,
                                                  uint32_t rangeEnd );

/**
 * @brief Close what OtaHttpInit_t opened.
 *
 * The type name has no _t suffix; that spelling is part of the interface.
 *
 * @return OtaHttpSuccess, or OtaHttpDeinitFailed.
 */
typedef OtaHttpStatus_t ( * OtaHttpDeinit )( void );

/**
 * @ingroup ota_struct_types
 * @brief HTTP operations.
 */
typedef struct OtaHttpInterface
{
    OtaHttpInit_t init;       /*!< Prepare downloads from a URL. */
    OtaHttpRequest_t request; /*!< Request one byte range. */
    OtaHttpDeinit deinit;     /*!< Tear the connection down. */
} OtaHttpInterface_t;

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_HTTP_INTERFACE_H */
