/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for the AliOS-Things flash HAL: each partition is a file in
 * the working directory (vendor_env.c). Offsets advance past what was read
 * or written, as in AliOS.
 */

#ifndef HAL_FLASH_H
#define HAL_FLASH_H

#include <stdint.h>

typedef enum
{
    HAL_PARTITION_ERROR = -1,
    HAL_PARTITION_BOOTLOADER,
    HAL_PARTITION_APPLICATION,
    HAL_PARTITION_ATE,
    HAL_PARTITION_OTA_TEMP,
    HAL_PARTITION_RF_FIRMWARE,
    HAL_PARTITION_PARAMETER_1,
    HAL_PARTITION_PARAMETER_2,
    HAL_PARTITION_PARAMETER_3,
    HAL_PARTITION_PARAMETER_4,
    HAL_PARTITION_MAX
} hal_partition_t;

/* Size of each simulated partition. */
#define TEST_FLASH_PARTITION_SIZE    ( 256U * 1024U )

int32_t hal_flash_write( hal_partition_t in_partition,
                         uint32_t * off_set,
                         const void * in_buf,
                         uint32_t in_buf_len );
int32_t hal_flash_read( hal_partition_t in_partition,
                        uint32_t * off_set,
                        void * out_buf,
                        uint32_t in_buf_len );
int32_t hal_flash_erase( hal_partition_t in_partition,
                         uint32_t off_set,
                         uint32_t size );

#endif /* HAL_FLASH_H */
