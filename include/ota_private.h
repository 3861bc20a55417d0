/*
 * SPDX-License-Identifier: MIT
 *
 * ota_private.h - constants, enums and structs shared by the OTA agent, its
 * ports and applications.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: enum widths must follow the
 * user's C compiler, and array sizes here (OtaEventData_t.data, the bitmap
 * and block constants) follow the user's ota_config.h.
 *
 * Despite the name, much of this file is public interface: the PAL receives
 * OtaFileContext_t, applications fill OtaEventData_t and OtaEventMsg_t for
 * OTA_SignalEvent, and OS ports use the Log* macros and otaconfig* values
 * that arrive through the includes below. The JSON document model types are
 * kept so that code written against the original header still compiles.
 */

#ifndef OTA_PRIVATE_H
#define OTA_PRIVATE_H

/* Standard includes. stdio.h provides FILE for the default
 * otaconfigOTA_FILE_TYPE on hosts. */
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>

/* The application's configuration comes first so that its values take
 * precedence over the defaults. Define OTA_DO_NOT_USE_CUSTOM_CONFIG to build
 * with the defaults alone. */
#ifndef OTA_DO_NOT_USE_CUSTOM_CONFIG
    #include "ota_config.h"
#endif

/* Fill in every configuration value ota_config.h left unset. */
#include "ota_config_defaults.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @addtogroup ota_constants
 * @{
 */

/* General constants. */
#define LOG2_BITS_PER_BYTE           3U                                                   /*!< @brief log2 of the number of bits in a byte. */
#define BITS_PER_BYTE                ( ( uint32_t ) 1U << LOG2_BITS_PER_BYTE )            /*!< @brief Bits per byte, as used by the block bitmap. */
#define OTA_FILE_BLOCK_SIZE          ( ( uint32_t ) 1U << otaconfigLOG2_FILE_BLOCK_SIZE ) /*!< @brief Payload bytes in one file block. */
#define OTA_MAX_FILES                1U                                                   /*!< @brief Files handled at once; must stay 1. */
#define OTA_MAX_BLOCK_BITMAP_SIZE    otaconfigMAX_BLOCK_BITMAP_SIZE                       /*!< @brief Bytes of block bitmap; a file may have at most 8x this many blocks. */
#define OTA_REQUEST_MSG_MAX_SIZE     ( 3U * OTA_MAX_BLOCK_BITMAP_SIZE )                   /*!< @brief Buffer size for one encoded stream request. */
#define OTA_REQUEST_URL_MAX_SIZE     ( 1500 )                                             /*!< @brief Longest pre-signed URL accepted. */
#define OTA_ERASED_BLOCKS_VAL        0xffU                                                /*!< @brief Bitmap byte meaning "all eight blocks still missing". */

/* Largest file whose final block offset still fits in 32 bits. Left without
 * outer parentheses, as in the original header, so that it expands exactly
 * the same way in user expressions. */
#define OTA_MAX_FILE_SIZE            UINT32_MAX - OTA_FILE_BLOCK_SIZE + 1U /*!< @brief Largest supported file size. */
/** @} */

/**
 * @addtogroup ota_constants
 * @{
 */

/* Job document parser constants. */
#define OTA_MAX_JSON_TOKENS         64U                                                                         /*!< @brief JSON tokens handled in one parse. */
#define OTA_MAX_JSON_STR_LEN        256U                                                                        /*!< @brief Upper bound for JSON string comparisons. */
#define OTA_DOC_MODEL_MAX_PARAMS    32U                                                                         /*!< @brief Model parameters; one bit each in a 32-bit mask. */
#define OTA_JOB_PARAM_REQUIRED      ( bool ) true                                                               /*!< @brief Marks a model parameter that must be present. */
#define OTA_JOB_PARAM_OPTIONAL      ( bool ) false                                                              /*!< @brief Marks a model parameter that may be absent. */
#define OTA_DONT_STORE_PARAM        0xffff                                                                      /*!< @brief Destination offset meaning "check presence, store nothing". */
#define OTA_STORE_NESTED_JSON       0x1fffU                                                                     /*!< @brief Destination offset meaning "keep a pointer to the nested JSON". */
#define OTA_DATA_BLOCK_SIZE         ( ( 1U << otaconfigLOG2_FILE_BLOCK_SIZE ) + OTA_REQUEST_URL_MAX_SIZE + 30 ) /*!< @brief Bytes in OtaEventData_t.data: one block plus room for message framing. */
/** @} */

/**
 * @addtogroup ota_constants
 * @{
 */

/* Event flag bits kept for source compatibility; the agent does not use
 * them. USER_ABORT is written with the same digits as in the original header,
 * so its value is 0x16. */
#define OTA_EVT_MASK_JOB_MSG_READY     0x00000001UL  /*!< Job message ready. */
#define OTA_EVT_MASK_DATA_MSG_READY    0x00000002UL  /*!< Data message ready. */
#define OTA_EVT_MASK_SHUTDOWN          0x00000004UL  /*!< Shutdown requested. */
#define OTA_EVT_MASK_REQ_TIMEOUT       0x00000008UL  /*!< Request timer expired. */
#define OTA_EVT_MASK_USER_ABORT        0x000000016UL /*!< User abort. */
#define OTA_EVT_MASK_ALL_EVENTS        ( OTA_EVT_MASK_JOB_MSG_READY | OTA_EVT_MASK_DATA_MSG_READY | OTA_EVT_MASK_SHUTDOWN | OTA_EVT_MASK_REQ_TIMEOUT | OTA_EVT_MASK_USER_ABORT ) /*!< All of the above. */
/** @} */

/**
 * @brief Number of entries in the job document model.
 */
#define OTA_NUM_JOB_PARAMS          ( 21 )

/**
 * @brief Bytes reserved for a job ID: 72 characters and a NUL.
 */
#define OTA_JOB_ID_MAX_SIZE         ( 72UL + 1UL )

/**
 * @brief Bytes reserved for the job's "protocols" value.
 */
#define OTA_PROTOCOL_BUFFER_SIZE    20U

/**
 * @ingroup ota_constants
 * @brief Largest file signature held, in bytes (enough for RSA-3072).
 */
#define kOTA_MaxSignatureSize       384

/**
 * @brief Keys looked up in a job document.
 *
 * Nested keys are written as dotted paths built from OTA_JSON_SEPARATOR. The
 * per-file keys (file path onwards) are searched at the top level and inside
 * the "files" array.
 *
 * @addtogroup ota_constants
 * @{
 */
#define OTA_JSON_SEPARATOR              "."                                                        /*!< @brief Joins the parts of a nested key. */
#define OTA_JSON_CLIENT_TOKEN_KEY       "clientToken"                                              /*!< @brief Token echoed by the Jobs service. */
#define OTA_JSON_TIMESTAMP_KEY          "timestamp"                                                /*!< @brief Service timestamp of the response. */
#define OTA_JSON_EXECUTION_KEY          "execution"                                                /*!< @brief The job execution object. */
#define OTA_JSON_JOB_ID_KEY             OTA_JSON_EXECUTION_KEY OTA_JSON_SEPARATOR "jobId"          /*!< @brief Job ID. */
#define OTA_JSON_STATUS_DETAILS_KEY     OTA_JSON_EXECUTION_KEY OTA_JSON_SEPARATOR "statusDetails"  /*!< @brief Status details saved with the execution. */
#define OTA_JSON_SELF_TEST_KEY          OTA_JSON_STATUS_DETAILS_KEY OTA_JSON_SEPARATOR "self_test" /*!< @brief Present while the job is in self test. */
#define OTA_JSON_UPDATED_BY_KEY         OTA_JSON_STATUS_DETAILS_KEY OTA_JSON_SEPARATOR "updatedBy" /*!< @brief Version of the firmware that ran the update. */
#define OTA_JSON_UPDATED_BY_KEY_ONLY    "updatedBy"                                                /*!< @brief updatedBy without its path. */
#define OTA_JSON_SELF_TEST_KEY_ONLY     "self_test"                                                /*!< @brief self_test without its path. */
#define OTA_JSON_JOB_DOC_KEY            OTA_JSON_EXECUTION_KEY OTA_JSON_SEPARATOR "jobDocument"    /*!< @brief The job document object. */
#define OTA_JSON_OTA_UNIT_KEY           OTA_JSON_JOB_DOC_KEY OTA_JSON_SEPARATOR "afr_ota"          /*!< @brief The OTA section of the job document. */
#define OTA_JSON_PROTOCOLS_KEY          OTA_JSON_OTA_UNIT_KEY OTA_JSON_SEPARATOR "protocols"       /*!< @brief Protocols the file may be fetched with. */
#define OTA_JSON_FILE_GROUP_KEY         OTA_JSON_OTA_UNIT_KEY OTA_JSON_SEPARATOR "files"           /*!< @brief Array of file descriptions. */
#define OTA_JSON_STREAM_NAME_KEY        OTA_JSON_OTA_UNIT_KEY OTA_JSON_SEPARATOR "streamname"      /*!< @brief Stream that carries the file over MQTT. */
#define OTA_JSON_FILE_PATH_KEY          "filepath"                                                 /*!< @brief Where the device stores the file. */
#define OTA_JSON_FILE_SIZE_KEY          "filesize"                                                 /*!< @brief File size in bytes. */
#define OTA_JSON_FILE_ID_KEY            "fileid"                                                   /*!< @brief File ID inside the stream. */
#define OTA_JSON_FILE_ATTRIBUTE_KEY     "attr"                                                     /*!< @brief File attribute flags. */
#define OTA_JSON_FILE_CERT_NAME_KEY     "certfile"                                                 /*!< @brief Path of the code-signing certificate on the device. */
#define OTA_JSON_UPDATE_DATA_URL_KEY    "update_data_url"                                          /*!< @brief Pre-signed URL for HTTP download. */
#define OTA_JSON_AUTH_SCHEME_KEY        "auth_scheme"                                              /*!< @brief Authorization scheme for the HTTP download. */
#define OTA_JSON_FILETYPE_KEY           "fileType"                                                 /*!< @brief Numeric file type. */
/** @} */

/**
 * @ingroup ota_private_enum_types
 * @brief Outcome of handing one data block to the file.
 *
 * Negative values end the transfer with an error; zero and one let it go on.
 */
typedef enum
{
    IngestResultFileComplete = -1,     /*!< Last block written and the file closed and verified. */
    IngestResultSigCheckFail = -2,     /*!< File complete but its signature did not verify. */
    IngestResultFileCloseFail = -3,    /*!< File complete but could not be closed. */
    IngestResultNullInput = -4,        /*!< A required pointer was NULL. */
    IngestResultBadFileHandle = -5,    /*!< The PAL file handle is not usable. */
    IngestResultUnexpectedBlock = -6,  /*!< A block arrived when none was expected. */
    IngestResultBlockOutOfRange = -7,  /*!< The block index or length does not fit the file. */
    IngestResultBadData = -8,          /*!< The block message could not be decoded. */
    IngestResultWriteBlockFailed = -9, /*!< The PAL could not write the block. */
    IngestResultNoDecodeMemory = -10,  /*!< No memory for decoding the block. */
    IngestResultUninitialized = -127,  /*!< Placeholder before a result is known. */
    IngestResultAccepted_Continue = 0, /*!< Block stored; more blocks to come. */
    IngestResultDuplicate_Continue = 1 /*!< Block already had; ignored. */
} IngestResult_t;

/**
 * @ingroup ota_private_enum_types
 * @brief Errors from the job document parser.
 */
typedef enum
{
    DocParseErrUnknown = -1,           /*!< Placeholder before a result is known. */
    DocParseErrNone = 0,               /*!< Parsed without error. */
    DocParseErrOutOfMemory,            /*!< A field could not be allocated. */
    DocParseErrUserBufferInsufficient, /*!< A field does not fit the application's buffer. */
    DocParseErrFieldTypeMismatch,      /*!< A field has a different JSON type than the model says. */
    DocParseErrBase64Decode,           /*!< The signature is not valid base64. */
    DocParseErrInvalidNumChar,         /*!< A numeric field is not a valid number. */
    DocParseErrDuplicatesNotAllowed,   /*!< A parameter appears twice. */
    DocParseErrMalformedDoc,           /*!< A required parameter is missing. */
    DocParseErr_InvalidJSONBuffer,     /*!< The text is not valid JSON. */
    DocParseErrNullModelPointer,       /*!< No document model was given. */
    DocParseErrNullBodyPointer,        /*!< The model has no parameter table. */
    DocParseErrNullDocPointer,         /*!< No document was given. */
    DocParseErrTooManyParams,          /*!< The model has more parameters than the mask holds. */
    DocParseErrParamKeyNotInModel,     /*!< A key is not part of the model. */
    DocParseErrInvalidModelParamType,  /*!< The model names an unknown parameter type. */
    DocParseErrInvalidToken,           /*!< A JSON token could not be used. */
    DocParseErrEmptyJobDoc             /*!< The document holds no job (only clientToken and timestamp). */
} DocParseErr_t;

/* Spelling used by v3.4.0 and earlier for the same value. */
#define DocParseErrUserBufferInsuffcient    DocParseErrUserBufferInsufficient

/**
 * @ingroup ota_private_enum_types
 * @brief How a job document parameter is extracted and stored.
 */
typedef enum
{
    ModelParamTypeStringCopy,  /*!< String copied into a buffer. */
    ModelParamTypeStringInDoc, /*!< String left in place in the document. */
    ModelParamTypeObject,      /*!< JSON object. */
    ModelParamTypeArray,       /*!< JSON array. */
    ModelParamTypeUInt32,      /*!< Unsigned 32-bit number. */
    ModelParamTypeSigBase64,   /*!< Base64 signature, decoded into a Sig_t. */
    ModelParamTypeIdent,       /*!< Presence only. */
    ModelParamTypeArrayCopy    /*!< Raw array text copied into a buffer. */
} ModelParamType_t;

/**
 * @ingroup ota_private_enum_types
 * @brief Reason attached to a job status update.
 */
typedef enum
{
    JobReasonReceiving = 0,  /*!< Download in progress. */
    JobReasonSigCheckPassed, /*!< Download verified; ready for self test. */
    JobReasonSelfTestActive, /*!< New image running its self test. */
    JobReasonAccepted,       /*!< Image accepted; job succeeded. */
    JobReasonRejected,       /*!< Image rejected; job failed. */
    JobReasonAborted,        /*!< Job aborted; job failed. */
    NumJobReasons            /*!< Number of reasons; not a reason. */
} OtaJobReason_t;

/**
 * @ingroup ota_private_struct_types
 * @brief One entry of a job document model: a key and where its value goes.
 *
 * The offsets are byte offsets into the destination structure named by
 * JsonDocModel_t.contextBase.
 */
typedef struct
{
    const char * pSrcKey;                  /*!< Key, possibly a dotted path. */
    const bool required;                   /*!< The document is rejected without this key. */
    uint16_t pDestOffset;                  /*!< Where the value goes, or OTA_DONT_STORE_PARAM. */
    uint16_t pDestSizeOffset;              /*!< Where the destination's size lives, or OTA_DONT_STORE_PARAM. */
    const ModelParamType_t modelParamType; /*!< How the value is extracted. */
} JsonDocParam_t;

/**
 * @ingroup ota_private_struct_types
 * @brief A job document model: a table of JsonDocParam_t and where to store
 * the values found.
 */
typedef struct
{
    void * contextBase;              /*!< Start of the destination structure. */
    uint32_t contextSize;            /*!< Size of the destination structure in bytes. */
    const JsonDocParam_t * pBodyDef; /*!< The parameter table. */
    uint16_t numModelParams;         /*!< Entries in the table, at most OTA_DOC_MODEL_MAX_PARAMS. */
    uint32_t paramsReceivedBitmap;   /*!< One bit per table entry found. */
    uint32_t paramsRequiredBitmap;   /*!< One bit per required table entry. */
} JsonDocModel_t;

/**
 * @ingroup ota_private_struct_types
 * @brief Packet counters returned by OTA_GetStatistics.
 */
typedef struct OtaAgentStatistics
{
    uint32_t otaPacketsReceived;  /*!< Data packets received. */
    uint32_t otaPacketsQueued;    /*!< Data packets queued for the agent. */
    uint32_t otaPacketsProcessed; /*!< Data packets processed by the agent. */
    uint32_t otaPacketsDropped;   /*!< Data packets dropped. */
} OtaAgentStatistics_t;

/**
 * @ingroup ota_enum_types
 * @brief State of the running image, as set through OTA_SetImageState.
 *
 * A verified download is activated in the Testing state. The application
 * then accepts it (it becomes the image booted from now on) or rejects it
 * (the previous image comes back). Aborted cancels a transfer in progress.
 */
typedef enum OtaImageState
{
    OtaImageStateUnknown = 0,          /*!< No state set yet. */
    OtaImageStateTesting = 1,          /*!< New image booted and in self test. */
    OtaImageStateAccepted = 2,         /*!< New image passed its self test. */
    OtaImageStateRejected = 3,         /*!< New image or job rejected. */
    OtaImageStateAborted = 4,          /*!< Transfer abandoned. */
    OtaLastImageState = OtaImageStateAborted /*!< Highest valid value. */
} OtaImageState_t;

/**
 * @ingroup ota_enum_types
 * @brief Image state as reported by the PAL.
 */
typedef enum OtaPalImageState
{
    OtaPalImageStateUnknown = 0,   /*!< Not known; a PAL should not return this. */
    OtaPalImageStatePendingCommit, /*!< New image running, waiting for accept or reject. */
    OtaPalImageStateValid,         /*!< Image committed. */
    OtaPalImageStateInvalid        /*!< No valid new image. */
} OtaPalImageState_t;

/**
 * @ingroup ota_enum_types
 * @brief Events that drive the agent's state machine.
 */
typedef enum OtaEvent
{
    OtaAgentEventStart = 0,           /*!< Start the agent. */
    OtaAgentEventStartSelfTest,       /*!< Begin the self test of a new image. */
    OtaAgentEventRequestJobDocument,  /*!< Ask the Jobs service for the next job. */
    OtaAgentEventReceivedJobDocument, /*!< A job document arrived (in pEventData). */
    OtaAgentEventCreateFile,          /*!< Open the file for the new job. */
    OtaAgentEventRequestFileBlock,    /*!< Ask for more file blocks. */
    OtaAgentEventReceivedFileBlock,   /*!< A file block arrived (in pEventData). */
    OtaAgentEventRequestTimer,        /*!< The request timer expired. */
    OtaAgentEventCloseFile,           /*!< Close the current file. */
    OtaAgentEventSuspend,             /*!< Suspend the agent. */
    OtaAgentEventResume,              /*!< Resume a suspended agent. */
    OtaAgentEventUserAbort,           /*!< Abort the current job. */
    OtaAgentEventShutdown,            /*!< Stop the agent. */
    OtaAgentEventMax                  /*!< Number of events; not an event. */
} OtaEvent_t;

/**
 * @ingroup ota_struct_types
 * @brief A file signature, decoded from the job document.
 */
typedef struct
{
    uint16_t size;                         /*!< Bytes used in data. */
    uint8_t data[ kOTA_MaxSignatureSize ]; /*!< Signature bytes. */
} Sig_t;

/* Name used by v3.3.0 and earlier (then with a 256-byte buffer), kept so
 * that older PALs still compile. */
typedef Sig_t Sig256_t;

/**
 * @ingroup ota_struct_types
 * @brief Everything the agent knows about the file being received.
 *
 * The PAL gets a pointer to this in every call. Buffers come from
 * OtaAppBuffer_t or, where the application gave none, from the OS heap
 * interface. Field spellings (pCertFilepath) are part of the interface.
 */
typedef struct OtaFileContext
{
    uint8_t * pFilePath;            /*!< Path to store the file at (NUL-terminated). */
    uint16_t filePathMaxSize;       /*!< Size of the pFilePath buffer. */
    otaconfigOTA_FILE_TYPE * pFile; /*!< PAL handle of the open file; NULL when none. */
    uint32_t fileSize;              /*!< File size in bytes. */
    uint32_t blocksRemaining;       /*!< Blocks not yet received. */
    uint32_t fileAttributes;        /*!< "attr" value from the job. */
    uint32_t serverFileID;          /*!< "fileid" value from the job. */
    uint8_t * pJobName;             /*!< Job ID (NUL-terminated). */
    uint16_t jobNameMaxSize;        /*!< Size of the pJobName buffer. */
    uint8_t * pStreamName;          /*!< Stream name for MQTT download. */
    uint16_t streamNameMaxSize;     /*!< Size of the pStreamName buffer. */
    uint8_t * pRxBlockBitmap;       /*!< One bit per block; a set bit means still missing. */
    uint16_t blockBitmapMaxSize;    /*!< Size of the bitmap buffer in bytes. */
    uint8_t * pCertFilepath;        /*!< Path of the signer certificate on the device. */
    uint16_t certFilePathMaxSize;   /*!< Size of the pCertFilepath buffer. */
    uint8_t * pUpdateUrlPath;       /*!< Pre-signed URL for HTTP download. */
    uint16_t updateUrlMaxSize;      /*!< Size of the pUpdateUrlPath buffer. */
    uint8_t * pAuthScheme;          /*!< HTTP authorization scheme. */
    uint16_t authSchemeMaxSize;     /*!< Size of the pAuthScheme buffer. */
    uint32_t updaterVersion;        /*!< Version of the firmware that ran the update (self-test check). */
    bool isInSelfTest;              /*!< The job says the new image is in self test. */
    uint8_t * pProtocols;           /*!< "protocols" text from the job. */
    uint16_t protocolMaxSize;       /*!< Size of the pProtocols buffer. */
    uint8_t * pDecodeMem;           /*!< Scratch buffer for decoding a block. */
    uint32_t decodeMemMaxSize;      /*!< Size of pDecodeMem in bytes. */
    uint32_t fileType;              /*!< "fileType" value from the job. */
    Sig_t * pSignature;             /*!< Decoded file signature. */
} OtaFileContext_t;

/**
 * @ingroup ota_private_struct_types
 * @brief A buffer carrying one job document or one data block to the agent.
 *
 * Owned by the application, usually from a pool of
 * otaconfigMAX_NUM_OTA_DATA_BUFFERS. The agent hands it back with
 * OtaJobEventProcessed once it is done with it. Its size depends on
 * otaconfigLOG2_FILE_BLOCK_SIZE.
 */
typedef struct OtaEventData
{
    uint8_t data[ OTA_DATA_BLOCK_SIZE ]; /*!< Message bytes. */
    uint32_t dataLength;                 /*!< Bytes used in data. */
    bool bufferUsed;                     /*!< Pool flag for the application; the agent does not touch it. */
} OtaEventData_t;

/**
 * @ingroup ota_private_struct_types
 * @brief One entry of the agent's event queue, copied by value by the OS
 * port.
 */
typedef struct OtaEventMsg
{
    OtaEventData_t * pEventData; /*!< Payload for events that carry one, else NULL. */
    OtaEvent_t eventId;          /*!< Which event. */
} OtaEventMsg_t;

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_PRIVATE_H */
