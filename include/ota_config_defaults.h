/*
 * SPDX-License-Identifier: MIT
 *
 * ota_config_defaults.h - fallback values for every OTA configuration macro.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: the values below are resolved by
 * the user's C preprocessor after ota_config.h, and several of them size
 * arrays inside public structs.
 *
 * Every macro is guarded with #ifndef, so a value set in ota_config.h (or on
 * the compiler command line) always wins. The library itself is built against
 * the same values; OTA_Init compares the layout-relevant ones at run time
 * (see OTA_InitWithConfigCheck in ota.h).
 */

#ifndef OTA_CONFIG_DEFAULTS_H
#define OTA_CONFIG_DEFAULTS_H

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @brief Define OTA_DO_NOT_USE_CUSTOM_CONFIG to build without an ota_config.h.
 *
 * When it is defined, ota_private.h skips "ota_config.h" and only these
 * defaults apply. Declared here for documentation tools only.
 */
#ifdef DOXYGEN
    #define OTA_DO_NOT_USE_CUSTOM_CONFIG
#endif

/**
 * @brief Stack size, in words, for an OTA agent task created by the
 * application. The library never reads it; the placeholder string makes any
 * use without a real value fail to compile.
 */
#ifndef otaconfigSTACK_SIZE
    #define otaconfigSTACK_SIZE    "Please set otaconfigSTACK_SIZE"
#endif

/**
 * @brief Priority of an application-created OTA agent task. Not read by the
 * library; same placeholder convention as otaconfigSTACK_SIZE.
 */
#ifndef otaconfigAGENT_PRIORITY
    #define otaconfigAGENT_PRIORITY    "Please set otaconfigAGENT_PRIORITY"
#endif

/**
 * @brief Base-2 logarithm of the file block size requested from the service.
 *
 * 12 means 4096-byte blocks. It sets OTA_FILE_BLOCK_SIZE and therefore the
 * size of OtaEventData_t. A PAL's writeBlock returns int16_t, so blocks larger
 * than 2^14 bytes cannot report success correctly.
 */
#ifndef otaconfigLOG2_FILE_BLOCK_SIZE
    #define otaconfigLOG2_FILE_BLOCK_SIZE    12UL
#endif

/**
 * @brief Size in bytes of the block bitmap, which bounds the number of blocks
 * in one file to eight times this value (1024 blocks, 4 MiB at 4 KiB blocks).
 * OTA_MAX_BLOCK_BITMAP_SIZE takes this value.
 */
#ifndef otaconfigMAX_BLOCK_BITMAP_SIZE
    #define otaconfigMAX_BLOCK_BITMAP_SIZE    128U
#endif

/**
 * @brief Milliseconds the new image has, after a reboot into self test, to
 * reach the service and be accepted before the device is reset.
 */
#ifndef otaconfigSELF_TEST_RESPONSE_WAIT_MS
    #define otaconfigSELF_TEST_RESPONSE_WAIT_MS    16000U
#endif

/**
 * @brief Milliseconds of silence after which a job or block request is sent
 * again. Every received block restarts this timer.
 */
#ifndef otaconfigFILE_REQUEST_WAIT_MS
    #define otaconfigFILE_REQUEST_WAIT_MS    10000U
#endif

/**
 * @brief Longest thing name, in characters, that OTA_Init accepts.
 *
 * The agent keeps its own copy of the name (this many bytes plus a NUL)
 * inside OtaAgentContext_t and builds its MQTT topics from it.
 */
#ifndef otaconfigMAX_THINGNAME_LEN
    #define otaconfigMAX_THINGNAME_LEN    128U
#endif

/**
 * @brief Blocks asked for in one stream request (the "n" field). The service
 * caps one response at 128 KiB, so keep n * block size at or below that.
 */
#ifndef otaconfigMAX_NUM_BLOCKS_REQUEST
    #define otaconfigMAX_NUM_BLOCKS_REQUEST    1U
#endif

/**
 * @brief Requests sent in a row without any progress before the agent gives
 * up on the job (and shuts down).
 */
#ifndef otaconfigMAX_NUM_REQUEST_MOMENTUM
    #define otaconfigMAX_NUM_REQUEST_MOMENTUM    32U
#endif

/**
 * @brief A "receiving" progress status is published for the first block and
 * then once every this many blocks.
 */
#ifndef otaconfigOTA_UPDATE_STATUS_FREQUENCY
    #define otaconfigOTA_UPDATE_STATUS_FREQUENCY    64U
#endif

/**
 * @brief Number of OtaEventData_t buffers an application keeps in its pool.
 * The library does not use it; applications size their pool with it.
 */
#ifndef otaconfigMAX_NUM_OTA_DATA_BUFFERS
    #define otaconfigMAX_NUM_OTA_DATA_BUFFERS    1U
#endif

/**
 * @brief Type that OtaFileContext_t.pFile points to: the C stdio FILE on
 * Windows and Linux hosts, a byte otherwise.
 */
#ifndef otaconfigOTA_FILE_TYPE
    #if defined( WIN32 ) || defined( __linux__ )
        #define otaconfigOTA_FILE_TYPE    FILE
    #else
        #define otaconfigOTA_FILE_TYPE    uint8_t
    #endif
#endif

/**
 * @brief Set to 1U to accept, during self test, an image whose version is not
 * newer than the one that installed it. Meant for testing only.
 */
#ifndef otaconfigAllowDowngrade
    #define otaconfigAllowDowngrade    0U
#endif

/**
 * @brief Job "fileType" value that marks a firmware image. Such a file is
 * activated and goes through self test; any other type completes with
 * OtaJobEventUpdateComplete.
 */
#ifndef configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID
    #define configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID    0U
#endif

/**
 * @brief Protocol for job requests and status updates. Only
 * OTA_CONTROL_OVER_MQTT (from ota_interface_private.h) is supported.
 */
#ifndef configENABLED_CONTROL_PROTOCOL
    #define configENABLED_CONTROL_PROTOCOL    ( OTA_CONTROL_OVER_MQTT )
#endif

/**
 * @brief Bit mask of protocols that may carry file data: OTA_DATA_OVER_MQTT,
 * OTA_DATA_OVER_HTTP or both OR-ed together.
 */
#ifndef configENABLED_DATA_PROTOCOLS
    #define configENABLED_DATA_PROTOCOLS    ( OTA_DATA_OVER_MQTT )
#endif

/**
 * @brief Data protocol chosen when a job offers more than one enabled
 * protocol.
 */
#ifndef configOTA_PRIMARY_DATA_PROTOCOL
    #define configOTA_PRIMARY_DATA_PROTOCOL    ( OTA_DATA_OVER_MQTT )
#endif

/**
 * @brief Milliseconds the agent waits in the OS receive call for the next
 * event before looping again.
 */
#ifndef configOTA_POLLING_EVENTS_TIMEOUT_MS
    #define configOTA_POLLING_EVENTS_TIMEOUT_MS    ( 1000U )
#endif

/**
 * @brief Set to 1 (before ota_appversion32.h is seen) when the application
 * defines appFirmwareVersion without const, e.g. because it is filled in at
 * run time. ota_appversion32.h does not include this file, so the value in
 * force there depends on include order.
 */
#ifndef OTA_USE_NONCONST_APPVERSION
    #define OTA_USE_NONCONST_APPVERSION    0U
#endif

/*
 * Logging hooks. They are invoked with doubled parentheses, as in
 * LogInfo( ( "block %u", n ) ), so one macro argument carries a printf-style
 * format and its arguments in plain C89. Left undefined they expand to
 * nothing.
 */

/** @brief Error-level log hook; compiled out unless defined. */
#ifndef LogError
    #define LogError( message )
#endif

/** @brief Warning-level log hook; compiled out unless defined. */
#ifndef LogWarn
    #define LogWarn( message )
#endif

/** @brief Info-level log hook; compiled out unless defined. */
#ifndef LogInfo
    #define LogInfo( message )
#endif

/** @brief Debug-level log hook; compiled out unless defined. */
#ifndef LogDebug
    #define LogDebug( message )
#endif

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_CONFIG_DEFAULTS_H */
