/*
 * SPDX-License-Identifier: MIT
 *
 * Sample AliOS-Things OTA flash port, in the style of the board ports of
 * AliOS-Things 1.x/2.x (the STM32L4 one in particular), compiled unchanged
 * against the library's hal/ota.h:
 *
 * - it keeps its own write offset, starting from the offset init gets;
 * - it keeps a CheckSumUtils CRC-16 of what it wrote and saves the running
 *   register in the key-value store at a breakpoint, restoring it when
 *   init is called with a non-zero offset;
 * - OTA_FINISH writes the boot flag (with the image length and CRC) and
 *   reboots; ota_rollback checks the flag after the boot loader ran.
 *
 * The flash, key-value store and reboot come from the test environment
 * (env/). file_ota_module is what the board registers.
 */

#include <string.h>

#include "CheckSumUtils.h"
#include "hal/ota.h"
#include "hal/soc/flash.h"
#include "aos/kv.h"
#include "aos/kernel.h"

#define KV_HAL_OTA_CRC16    "hal_ota_get_crc16"
#define OTA_FLAG_MAGIC      0x20180712
#define OTA_FLAG_PART       HAL_PARTITION_PARAMETER_3
#define OTA_IMAGE_PART      HAL_PARTITION_OTA_TEMP

typedef struct
{
    uint32_t ota_len;
    uint32_t ota_crc;
} ota_reboot_info_t;

typedef enum
{
    UPG_NORMAL = 0,
    UPG_SWITCH_APP,
    UPG_CHECK_APP,
    UPG_BOOT_FAILED,
} Upgrade_flag_enum;

typedef struct
{
    uint32_t magic;
    uint32_t upgrade_flag;
    uint32_t image_len;
    uint32_t image_crc;
} Ota_flag;

static ota_reboot_info_t ota_info;
static CRC16_Context contex;
static uint32_t _off_set = 0;

static uint16_t hal_ota_get_crc16( void );
static void hal_ota_save_crc16( uint16_t crc16 );

static int get_ota_flag( Ota_flag * data )
{
    uint32_t offset = 0;

    return hal_flash_read( OTA_FLAG_PART, &offset, data, sizeof( Ota_flag ) );
}

static int set_ota_flag( Ota_flag * data )
{
    uint32_t offset = 0;

    return hal_flash_write( OTA_FLAG_PART, &offset, data, sizeof( Ota_flag ) );
}

static void init_ota_flag( void )
{
    Ota_flag flag;

    memset( &flag, 0, sizeof( flag ) );
    flag.magic = OTA_FLAG_MAGIC;
    flag.upgrade_flag = UPG_NORMAL;
    ( void ) set_ota_flag( &flag );
}

static int file_ota_init( hal_ota_module_t * m,
                          void * something )
{
    _off_set = *( uint32_t * ) something;
    ota_info.ota_len = _off_set;

    if( _off_set == 0 )
    {
        ( void ) hal_flash_erase( OTA_IMAGE_PART, 0, TEST_FLASH_PARTITION_SIZE );
        CRC16_Init( &contex );
    }
    else
    {
        contex.crc = hal_ota_get_crc16();
    }

    return 0;
}

static int file_ota_write( hal_ota_module_t * m,
                           volatile uint32_t * off_set,
                           uint8_t * in_buf,
                           uint32_t in_buf_len )
{
    int ret;

    if( ota_info.ota_len == 0 )
    {
        _off_set = 0;
        CRC16_Init( &contex );
        memset( &ota_info, 0, sizeof ota_info );
    }

    CRC16_Update( &contex, in_buf, in_buf_len );
    ret = hal_flash_write( OTA_IMAGE_PART, &_off_set, in_buf, in_buf_len );
    ota_info.ota_len += in_buf_len;
    return ret;
}

static int file_ota_read( hal_ota_module_t * m,
                          volatile uint32_t * off_set,
                          uint8_t * out_buf,
                          uint32_t out_buf_len )
{
    uint32_t offset = *off_set;

    ( void ) hal_flash_read( OTA_IMAGE_PART, &offset, out_buf, out_buf_len );
    *off_set = offset;
    return 0;
}

static int file_ota_set_boot( hal_ota_module_t * m,
                              void * something )
{
    ota_finish_param_t * param = ( ota_finish_param_t * ) something;
    Ota_flag flag;
    uint16_t crc;

    if( param == NULL )
    {
        return -1;
    }

    if( param->result_type == OTA_FINISH )
    {
        CRC16_Final( &contex, &crc );
        ota_info.ota_crc = crc;
        flag.magic = OTA_FLAG_MAGIC;
        flag.upgrade_flag = UPG_SWITCH_APP;
        flag.image_len = ota_info.ota_len;
        flag.image_crc = ota_info.ota_crc;
        ( void ) set_ota_flag( &flag );
        aos_reboot();
        memset( &ota_info, 0, sizeof ota_info );
    }
    else if( param->result_type == OTA_BREAKPOINT )
    {
        hal_ota_save_crc16( contex.crc );
    }

    return 0;
}

static int file_ota_rollback( hal_ota_module_t * m )
{
    Ota_flag flag;
    int ret = 0;

    if( get_ota_flag( &flag ) != 0 )
    {
        return -1;
    }

    do
    {
        if( flag.magic != OTA_FLAG_MAGIC )
        {
            break;
        }

        if( flag.upgrade_flag == UPG_NORMAL )
        {
            return 0;
        }
        else if( flag.upgrade_flag == UPG_CHECK_APP )
        {
            break;
        }
        else
        {
            /* The boot loader rolled back, or never ran. */
            ret = -1;
            break;
        }
    } while( 0 );

    init_ota_flag();
    return ret;
}

static uint16_t hal_ota_get_crc16( void )
{
    int len = 2;
    uint16_t crc16 = 0;

    ( void ) aos_kv_get( KV_HAL_OTA_CRC16, &crc16, &len );
    return crc16;
}

static void hal_ota_save_crc16( uint16_t crc16 )
{
    ( void ) aos_kv_set( KV_HAL_OTA_CRC16, &crc16, 2, 1 );
}

struct hal_ota_module_s file_ota_module =
{
    .init         = file_ota_init,
    .ota_write    = file_ota_write,
    .ota_read     = file_ota_read,
    .ota_set_boot = file_ota_set_boot,
    .ota_rollback = file_ota_rollback,
};
