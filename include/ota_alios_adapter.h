/*
 * SPDX-License-Identifier: MIT
 *
 * ota_alios_adapter.h - an AliOS-Things flash port (hal_ota_module_t, see
 * hal/ota.h) used as the OTA agent's PAL, with downloads that resume after
 * a reboot.
 *
 * Not part of the original library. The board's port stays as it is; the
 * application passes its module and a few platform hooks here and puts the
 * returned table in OtaInterfaces_t.pal. docs/porting-legacy.md has the
 * full story; in short:
 *
 * - Writes are sequential: the adapter asks the agent for in-order blocks
 *   (OTA_SetSequentialWrites( true )), keeps the write offset itself and
 *   calls ota_write with each whole block, as AliOS's download loop did.
 * - It keeps a CRC-16/XMODEM of the bytes written. At breakpoints (every
 *   breakpointEveryBlocks blocks, and when the agent abandons the transfer)
 *   it calls ota_set_boot with OTA_BREAKPOINT, so the port saves its own
 *   state, and saves a small record (offset, CRC, identity of the file)
 *   through saveState.
 * - When the agent opens a file it loads that record. If it belongs to the
 *   same file (job ID, path, size, file ID, signature) and the bytes read
 *   back with ota_read still have the recorded CRC, the port's init gets
 *   the recorded offset and the agent is told to skip those blocks
 *   (OTA_PalSetResumeOffset); otherwise init gets 0 and the download
 *   starts over.
 * - closeFile reads the whole image back with ota_read, checks it against
 *   the CRC of what was written and verifies the job's ECDSA P-256
 *   signature over it with OTA_VerifySignatureP256 and pSignerKey.
 * - activate calls ota_set_boot with OTA_FINISH (then reboot, if the port
 *   returned). The new image is reported PendingCommit until it is
 *   accepted, when ota_rollback (if the port has one) confirms it.
 */

#ifndef OTA_ALIOS_ADAPTER_H
#define OTA_ALIOS_ADAPTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ota_platform_interface.h"
#include "hal/ota.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/** @brief Bytes loadState and saveState move: the adapter's record. */
#define OTA_ALIOS_STATE_LENGTH    28U

/*
 * Sub codes (low 24 bits) of the adapter's own failures. Failures reported
 * by the port carry the port's return value (low 24 bits) instead.
 */
#define OTA_ALIOS_ERR_NOT_CONFIGURED    0x800001U /*!< No module: OTA_AliOS_GetPalInterface was not called or failed. */
#define OTA_ALIOS_ERR_INCOMPLETE        0x800002U /*!< closeFile before every byte was written. */
#define OTA_ALIOS_ERR_READ              0x800003U /*!< ota_read failed while the image was read back. */
#define OTA_ALIOS_ERR_READBACK_CRC      0x800004U /*!< The bytes read back differ from the bytes written. */
#define OTA_ALIOS_ERR_NO_VERIFIER       0x800005U /*!< libota.a was built without the verify feature. */
#define OTA_ALIOS_ERR_NO_REBOOT         0x800006U /*!< reset without a reboot hook. */
#define OTA_ALIOS_ERR_NOT_PENDING       0x800007U /*!< Accept with no activated image waiting. */
#define OTA_ALIOS_ERR_NO_FILE           0x800008U /*!< closeFile with no file open. */

/**
 * @brief How the adapter reaches the board.
 */
typedef struct OtaAliOSConfig
{
    /** @brief The board's module; NULL means hal_ota_get_default_module(). */
    hal_ota_module_t * pModule;

    /** @brief The code signer's key or certificate, in any format
     * OTA_VerifySignatureP256 accepts (PEM, DER, raw point). */
    const uint8_t * pSignerKey;

    /** @brief Bytes at pSignerKey. */
    size_t signerKeyLength;

    /** @brief Reads the adapter's record (OTA_ALIOS_STATE_LENGTH bytes) from
     * persistent storage, for example aos_kv_get. Returns 0 when length bytes
     * were read. NULL: no resume after a reboot, no pending-commit state. */
    int ( * loadState )( void * pData,
                         uint32_t length );

    /** @brief Writes the record, for example aos_kv_set( key, pData, length,
     * 1 ). Returns 0 on success. NULL: as for loadState. */
    int ( * saveState )( const void * pData,
                         uint32_t length );

    /** @brief Breakpoint every this many blocks, so that a power cut loses at
     * most that many. 0: only when the agent abandons the transfer (what the
     * AliOS download loop did). */
    uint32_t breakpointEveryBlocks;

    /** @brief ota_finish_param_t.update_type (OTA_APP for an application image). */
    OTA_ENUM_UPDATE_TYPE updateType;

    /** @brief ota_finish_param_t.firmware_type (OTA_RAW for a full image). */
    OTA_ENUM_FIRMWARE_TYPE firmwareType;

    /** @brief ota_finish_param_t.splict_size (differential packages). */
    uint32_t splictSize;

    /** @brief ota_finish_param_t.diff_version (differential packages). */
    uint8_t diffVersion;

    /** @brief Restarts the board (for example aos_reboot). Called after
     * OTA_FINISH if ota_set_boot returned, and for the agent's reset (the
     * self-test timer). NULL: neither restarts. */
    void ( * reboot )( void );
} OtaAliOSConfig_t;

/**
 * @brief Fill pPal with the adapter's functions for the module in pConfig
 * (the configuration is copied). Call before OTA_Init, through the
 * OTA_AliOS_GetPalInterface macro; it also calls OTA_SetSequentialWrites(
 * true ).
 *
 * The sizes, passed by the macro, detect a module or finish-parameter
 * layout (an AliOS fork, another enum width) different from the library's.
 *
 * @param[out] pPal The table to fill (for example &interfaces.pal).
 * @param[in] pConfig The board; its module needs init, ota_write, ota_read
 * and ota_set_boot.
 * @param[in] sizeofModule sizeof( hal_ota_module_t ) as the caller sees it.
 * @param[in] sizeofFinishParam sizeof( ota_finish_param_t ) as the caller
 * sees it.
 * @param[in] sizeofConfig sizeof( OtaAliOSConfig_t ) as the caller sees it.
 * @return false on a NULL argument, a missing module function or a size
 * mismatch (logged through LogError).
 */
bool OTA_AliOS_GetPalInterfaceChecked( OtaPalInterface_t * pPal,
                                       const OtaAliOSConfig_t * pConfig,
                                       uint32_t sizeofModule,
                                       uint32_t sizeofFinishParam,
                                       uint32_t sizeofConfig );

/** @brief OTA_AliOS_GetPalInterfaceChecked with this file's sizes. */
#define OTA_AliOS_GetPalInterface( pPal, pConfig )                                       \
    OTA_AliOS_GetPalInterfaceChecked( ( pPal ), ( pConfig ),                             \
                                      ( uint32_t ) sizeof( hal_ota_module_t ),           \
                                      ( uint32_t ) sizeof( ota_finish_param_t ),         \
                                      ( uint32_t ) sizeof( OtaAliOSConfig_t ) )

/**
 * @brief Bytes the last file opened by the agent was resumed from (0: it
 * started from the beginning). For logs and tests.
 *
 * @return The resume offset.
 */
uint32_t OTA_AliOS_GetResumeOffset( void );

/**
 * @brief CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection,
 * no final XOR; "123456789" gives 0x31c3), continued from crc over length
 * more bytes. The value after any number of bytes is the CRC of them all,
 * so it can be stored and continued later.
 *
 * @param[in] crc CRC of the bytes before (0 to start).
 * @param[in] pData The bytes (may be NULL if length is 0).
 * @param[in] length Number of bytes.
 * @return The CRC including these bytes.
 */
uint16_t OTA_AliOS_Crc16( uint16_t crc,
                          const uint8_t * pData,
                          size_t length );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_ALIOS_ADAPTER_H */
