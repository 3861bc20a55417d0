/*
 * SPDX-License-Identifier: MIT
 *
 * ota_interface_private.h - protocol selector constants and the control /
 * data channel function tables of the OTA agent.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: it refers to OtaAgentContext_t,
 * whose layout follows ota_config.h and the user's enum width.
 *
 * Applications use the OTA_CONTROL_* and OTA_DATA_* constants in their
 * ota_config.h (configENABLED_DATA_PROTOCOLS and friends). The tables and the
 * two setters describe the original C agent's internals; they are declared
 * for source compatibility and may not be exported by this library.
 */

#ifndef OTA_INTERFACE_PRIVATE_H
#define OTA_INTERFACE_PRIVATE_H

/* OTA includes. */
#include "ota.h"
#include "ota_private.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/* Control protocol selector (job requests and status updates). */
#define OTA_CONTROL_OVER_MQTT     0x00000001 /*!< Control over MQTT, the only one supported. */

/* Data protocol bits (file download), for configENABLED_DATA_PROTOCOLS and
 * configOTA_PRIMARY_DATA_PROTOCOL. */
#define OTA_DATA_OVER_MQTT        0x00000001 /*!< File blocks from an MQTT stream. */
#define OTA_DATA_OVER_HTTP        0x00000002 /*!< File blocks from a pre-signed HTTP URL. */
#define OTA_DATA_NUM_PROTOCOLS    ( 2U )     /*!< Number of data protocols. */

/**
 * @brief Control channel operations: ask for jobs, report job status, and
 * clean up at shutdown.
 */
typedef struct
{
    OtaErr_t ( * requestJob )( const OtaAgentContext_t * pAgentCtx );     /*!< Ask for the next pending job. */
    OtaErr_t ( * updateJobStatus )( const OtaAgentContext_t * pAgentCtx,
                                    OtaJobStatus_t status,
                                    int32_t reason,
                                    int32_t subReason );                  /*!< Report the job's status. */
    OtaErr_t ( * cleanup )( const OtaAgentContext_t * pAgentCtx );        /*!< Undo what the control channel set up. */
} OtaControlInterface_t;

/**
 * @brief Data channel operations: start a transfer, ask for blocks, decode a
 * received block, and clean up.
 */
typedef struct
{
    OtaErr_t ( * initFileTransfer )( const OtaAgentContext_t * pAgentCtx ); /*!< Prepare to receive the file. */
    OtaErr_t ( * requestFileBlock )( OtaAgentContext_t * pAgentCtx );       /*!< Ask for the next block(s). */
    OtaErr_t ( * decodeFileBlock )( const uint8_t * pMessageBuffer,
                                    size_t messageSize,
                                    int32_t * pFileId,
                                    int32_t * pBlockId,
                                    int32_t * pBlockSize,
                                    uint8_t * const * pPayload,
                                    size_t * pPayloadSize );                /*!< Extract one block from a message. */
    OtaErr_t ( * cleanup )( const OtaAgentContext_t * pAgentCtx );          /*!< Undo what the data channel set up. */
} OtaDataInterface_t;

/**
 * @brief Fill in the control channel table for the configured control
 * protocol.
 *
 * @param[out] pControlInterface Table to fill in.
 */
void setControlInterface( OtaControlInterface_t * pControlInterface );

/**
 * @brief Choose the data channel for a job.
 *
 * Picks, among the protocols listed in the job's "protocols" text, one that
 * configENABLED_DATA_PROTOCOLS enables, preferring
 * configOTA_PRIMARY_DATA_PROTOCOL, and fills in its table.
 *
 * @param[out] pDataInterface Table to fill in.
 * @param[in] pProtocol The job's "protocols" text, e.g. ["MQTT","HTTP"].
 * @return OtaErrNone, or OtaErrInvalidDataProtocol when none matches.
 */
OtaErr_t setDataInterface( OtaDataInterface_t * pDataInterface,
                           const uint8_t * pProtocol );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_INTERFACE_PRIVATE_H */
