/*
 * SPDX-License-Identifier: MIT
 *
 * hal/ota.h - the AliOS-Things OTA flash HAL: hal_ota_module_t, the table a
 * board's flash port fills, and ota_finish_param_t, the argument of its
 * ota_set_boot. Same name, guard, member order and enum values as
 * AliOS-Things' include/hal/ota.h (the mainline form with ota_rollback; 40
 * bytes on 32-bit targets).
 *
 * The library turns such a module into an OTA PAL: see ota_alios_adapter.h
 * and docs/porting-legacy.md. The hal_ota_* functions declared at the end
 * are provided by libota.a as weak definitions for boards built without
 * the AliOS kernel; the kernel's own take precedence.
 *
 * ota_finish_param_t holds enums, so its size follows the compiler: 12
 * bytes with 1-byte enums (arm-none-eabi-gcc's default), 20 with 4-byte
 * enums. Build the port, the application and libota.a with the same enum
 * width.
 */

#ifndef HAL_OTA_H
#define HAL_OTA_H

#include <stdint.h>

#include "base.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @brief What an update replaces.
 */
typedef enum
{
    OTA_KERNEL, /*!< The kernel image. */
    OTA_APP,    /*!< The application image. */
    OTA_ALL     /*!< Both. */
} OTA_ENUM_UPDATE_TYPE;

/**
 * @brief Why ota_set_boot is called.
 */
typedef enum
{
    OTA_FINISH,    /*!< The image is complete and verified: boot it. */
    OTA_BREAKPOINT /*!< The download stopped part way: keep what is needed to resume. */
} OTA_ENUM_RESULT_TYPE;

/**
 * @brief OTA partitions.
 */
enum ota_parti_e
{
    OTA_PARTITION_KERNEL,  /*!< Kernel partition. */
    OTA_PARTITION_APP,     /*!< Application partition. */
    OTA_PARTITION_DEFAULT, /*!< Default partition. */
};

/**
 * @brief Form of the image.
 */
typedef enum
{
    OTA_RAW,  /*!< A full image. */
    OTA_DIFF, /*!< A differential package, applied by the boot loader. */
} OTA_ENUM_FIRMWARE_TYPE;

/**
 * @brief Argument of ota_set_boot.
 */
typedef struct
{
    OTA_ENUM_UPDATE_TYPE update_type;     /*!< What the image replaces. */
    OTA_ENUM_RESULT_TYPE result_type;     /*!< Finished or interrupted. */
    OTA_ENUM_FIRMWARE_TYPE firmware_type; /*!< Full or differential. */
    uint32_t splict_size;                 /*!< Split size of a differential package (name as upstream). */
    uint8_t diff_version;                 /*!< Version of the differential format. */
} ota_finish_param_t;

/**
 * @brief Boot table of some AliOS boot loaders (24 bytes).
 */
typedef struct
{
    uint32_t start_address; /*!< Flash address of the image. */
    uint32_t length;        /*!< Image length. */
    uint8_t version[ 8 ];   /*!< Version text. */
    uint8_t type;           /*!< 'B' boot loader, 'P' boot table, 'A' application, 'D' driver. */
    uint8_t upgrade_type;   /*!< 'u': upgrade. */
    uint16_t crc;           /*!< CRC-16 of the image. */
    uint8_t reserved[ 4 ];  /*!< Reserved. */
} boot_table_t;

/** @brief The OTA flash module of a board. */
typedef struct hal_ota_module_s hal_ota_module_t;

/** @brief HAL result: 0 on success. */
typedef int hal_stat_t;

/**
 * @brief The functions a board's OTA flash port provides.
 */
struct hal_ota_module_s
{
    hal_module_base_t base; /*!< Common module head. */

    /** @brief Prepare the OTA partition; something points to the uint32_t
     * resume offset (0: erase and start over). Returns 0 on success. */
    int ( * init )( hal_ota_module_t * m,
                    void * something );

    /** @brief Append in_buf_len bytes; off_set may be ignored (ports keep
     * their own write offset). Returns 0 on success. */
    int ( * ota_write )( hal_ota_module_t * m,
                         volatile uint32_t * off_set,
                         uint8_t * in_buf,
                         uint32_t in_buf_len );

    /** @brief Read out_buf_len bytes from offset *off_set of the OTA
     * partition. Returns 0 on success. */
    int ( * ota_read )( hal_ota_module_t * m,
                        volatile uint32_t * off_set,
                        uint8_t * out_buf,
                        uint32_t out_buf_len );

    /** @brief Finish (boot the new image) or note a breakpoint; something
     * points to an ota_finish_param_t. Returns 0 on success. */
    int ( * ota_set_boot )( hal_ota_module_t * m,
                            void * something );

    /** @brief Check after booting: clear the upgrade flags of a new image
     * that started, or report a boot loader rollback. May be NULL. */
    int ( * ota_rollback )( hal_ota_module_t * m );
};

/**
 * @brief Register the board's module; the last registration wins.
 *
 * @param[in] module The module.
 */
void hal_ota_register_module( hal_ota_module_t * module );

/**
 * @brief Call the registered module's init.
 *
 * @param[in] something Points to the uint32_t resume offset.
 * @return The module's result.
 */
hal_stat_t hal_ota_init( void * something );

/**
 * @brief Call ota_write of m (the registered module if m is NULL).
 *
 * @return The module's result, 0 if it has no ota_write.
 */
hal_stat_t hal_ota_write( hal_ota_module_t * m,
                          volatile uint32_t * off_set,
                          uint8_t * in_buf,
                          uint32_t in_buf_len );

/**
 * @brief Call ota_read of m (the registered module if m is NULL).
 *
 * @return The module's result, 0 if it has no ota_read.
 */
hal_stat_t hal_ota_read( hal_ota_module_t * m,
                         volatile uint32_t * off_set,
                         uint8_t * out_buf,
                         uint32_t out_buf_len );

/**
 * @brief Call ota_set_boot of m (the registered module if m is NULL).
 *
 * @return The module's result, 0 if it has no ota_set_boot.
 */
hal_stat_t hal_ota_set_boot( hal_ota_module_t * m,
                             void * something );

/**
 * @brief The registered module.
 *
 * @return The module, or NULL if none was registered.
 */
hal_ota_module_t * hal_ota_get_default_module( void );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef HAL_OTA_H */
